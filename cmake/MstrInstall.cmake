# Install layout, the exported CMake package `mstr-rest` and the pkg-config file.
#
#   <prefix>/bin/                     mstr, mstr-mock-server                      (cli)
#   <prefix>/share/man/man1/          mstr.1                                      (cli)
#   <prefix>/lib/                     libmstr-data, libmstr-admin, libmstr-core,
#                                     libmstr-sdk                                 (runtime; .so links: dev)
#   <prefix>/lib/mstr/plugins/        auth modes and providers                    (runtime, aws, azure, gcp)
#   <prefix>/libexec/mstr/            mstr-plugin-host, for isolated providers    (runtime)
#   <prefix>/include/mstr/            core, data, admin/, sdk/ and mock/ headers  (dev)
#   <prefix>/lib/cmake/mstr-rest/     the CMake package and mstr_add_plugin()     (dev)
#   <prefix>/lib/pkgconfig/           mstr-rest.pc (everything), mstr-rest-core.pc,
#                                     mstr-rest-data.pc, mstr-rest-admin.pc       (dev)
#   <prefix>/share/doc/mstr-rest/     the documentation                           (cli)
#   <prefix>/share/doc/PACKAGE/       each Debian package's copyright             (each)
#
# <prefix>/lib is CMAKE_INSTALL_LIBDIR (lib/x86_64-linux-gnu on a multiarch system); the core and the
# CMake package both take the plugin directory from MSTR_PLUGIN_INSTALL_DIR, so they agree on it.
#
# Every RPATH is relative to $ORIGIN, so the tree works from whatever prefix it is copied to; the
# core finds lib/mstr/plugins relative to its own file for the same reason.
include(CMakePackageConfigHelpers)

set(MSTR_CMAKE_INSTALL_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/mstr-rest)
file(RELATIVE_PATH _mstr_bin_to_lib "/${CMAKE_INSTALL_BINDIR}" "/${CMAKE_INSTALL_LIBDIR}")

set_target_properties(mstr_sdk PROPERTIES EXPORT_NAME sdk INSTALL_RPATH "$ORIGIN")
set_target_properties(mstr_core PROPERTIES EXPORT_NAME core INSTALL_RPATH "$ORIGIN")
set_target_properties(mstr_data PROPERTIES EXPORT_NAME data INSTALL_RPATH "$ORIGIN")
set_target_properties(mstr_admin PROPERTIES EXPORT_NAME admin INSTALL_RPATH "$ORIGIN")
set_target_properties(mstr_mock_server PROPERTIES EXPORT_NAME mock_server)
foreach(program mstr mstr-mock-server)
  set_target_properties(${program} PROPERTIES INSTALL_RPATH "$ORIGIN/${_mstr_bin_to_lib}")
endforeach()
# The mock library's headers live in the source tree; consumers find them under include/.
set_target_properties(mstr_mock_server PROPERTIES INTERFACE_INCLUDE_DIRECTORIES
  "$<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/mock/include>;$<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>")

install(TARGETS mstr_sdk mstr_core mstr_data mstr_admin mstr_mock_server
  EXPORT mstr-rest-targets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT runtime NAMELINK_COMPONENT dev
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/core/include/ ${PROJECT_SOURCE_DIR}/data/include/
                  ${PROJECT_SOURCE_DIR}/admin/include/
                  ${PROJECT_SOURCE_DIR}/sdk/include/
                  ${PROJECT_SOURCE_DIR}/mock/include/
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT dev
  FILES_MATCHING PATTERN "*.hpp")

install(EXPORT mstr-rest-targets NAMESPACE mstr:: DESTINATION ${MSTR_CMAKE_INSTALL_DIR} COMPONENT dev)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/mstr-rest-config.cmake.in
  ${PROJECT_BINARY_DIR}/package/mstr-rest-config.cmake
  INSTALL_DESTINATION ${MSTR_CMAKE_INSTALL_DIR}
  PATH_VARS CMAKE_INSTALL_INCLUDEDIR)
# The libraries' SOVERSION is MAJOR.MINOR, so only a patch release is a drop-in replacement.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/package/mstr-rest-config-version.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/package/mstr-rest-config.cmake
              ${PROJECT_BINARY_DIR}/package/mstr-rest-config-version.cmake
              ${PROJECT_SOURCE_DIR}/sdk/cmake/MstrAddPlugin.cmake
              ${PROJECT_SOURCE_DIR}/sdk/cmake/mstr-plugin-exports.map
  DESTINATION ${MSTR_CMAKE_INSTALL_DIR} COMPONENT dev)

file(RELATIVE_PATH MSTR_PKGCONFIG_TO_PREFIX "/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/")
# mstr-rest.pc is the umbrella a host links for everything; mstr-rest-core.pc is the session alone,
# mstr-rest-data.pc adds reports, cubes and datasets, mstr-rest-admin.pc users, groups and security.
foreach(_mstr_pc mstr-rest mstr-rest-core mstr-rest-data mstr-rest-admin)
  configure_file(${PROJECT_SOURCE_DIR}/cmake/${_mstr_pc}.pc.in ${PROJECT_BINARY_DIR}/package/${_mstr_pc}.pc @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/package/${_mstr_pc}.pc
    DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT dev)
endforeach()

# docs/api/ holds the API reference's build inputs, not pages.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT cli
  PATTERN api EXCLUDE)
