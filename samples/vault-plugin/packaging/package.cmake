# The mstr-rest-vault Debian package, the way the SDK packages its own cloud providers: the plugin in
# the SDK's plugin directory under /usr, a copyright file, and a dependency on the SDK's library
# package of the version this build used. dpkg-shlibdeps adds the POCO libraries the plugin links.
#
#   cpack -G DEB --config build-vault/CPackConfig.cmake   ->  build-vault/packages/mstr-rest-vault_*.deb
install(FILES ${CMAKE_CURRENT_LIST_DIR}/copyright DESTINATION share/doc/mstr-rest-vault)

set(CPACK_PACKAGE_NAME mstr-rest-vault)
set(CPACK_PACKAGE_VENDOR "mstr-rest")
set(CPACK_PACKAGE_CONTACT "mstr-rest maintainers <mstr-rest@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DIRECTORY ${CMAKE_BINARY_DIR}/packages)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_COMPRESSION_TYPE gzip)
set(CPACK_DEBIAN_PACKAGE_SECTION libs)

# libmstr-sdk's SONAME follows the plugin ABI version, and its package is named after it; the plugin
# works with this release of it and every later one of the same ABI.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libmstr-sdk${MSTR_PLUGIN_ABI_VERSION} (>= ${mstr-rest_VERSION})")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# The SDK's own library is not in the dpkg database while packaging: dpkg-shlibdeps finds it where
# this build found it, and the dependency above names its package.
get_target_property(_vault_sdk_library mstr::sdk LOCATION)
get_filename_component(_vault_sdk_library_dir "${_vault_sdk_library}" DIRECTORY)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS ${_vault_sdk_library_dir})

include(CPack)
