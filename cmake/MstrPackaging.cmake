# Debian packages, one per install component, named the way Debian names them:
#
#   libmstr-rest0.2  runtime: libmstr-data, libmstr-core and libmstr-sdk (SONAME .so.0.2), the auth modes and
#                    the built-in providers
#   mstr-rest-cli    cli: mstr and its man page, mstr-mock-server, the documentation
#   mstr-rest-dev    headers, the CMake package with mstr_add_plugin(), pkg-config, the mock library
#   mstr-rest-aws    the aws-sm / aws-ssm provider plugin
#   mstr-rest-azure  the azure-kv provider plugin
#   mstr-rest-gcp    the gcp-sm provider plugin
#
# Library dependencies are computed by dpkg-shlibdeps from what each package's files link, so a
# package depends on exactly the POCO, Boost and OpenSSL libraries it uses. `cpack -G DEB` in the
# build tree writes the packages to <build>/packages/. The version is project()'s.
set(CPACK_PACKAGE_NAME mstr-rest)
set(CPACK_PACKAGE_VENDOR "mstr-rest")
set(CPACK_PACKAGE_CONTACT "mstr-rest maintainers <mstr-rest@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR}/packages)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_STRIP_FILES ON)

set(CPACK_GENERATOR DEB)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL runtime cli dev aws azure gcp)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_COMPRESSION_TYPE gzip)
set(CPACK_DEBIAN_PACKAGE_SECTION libs)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# The SDK's own libraries are not in the dpkg database when packaging; dpkg-shlibdeps finds them
# here, and the packages that need them name the library package below instead.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS ${PROJECT_BINARY_DIR}/lib)

set(MSTR_LIBRARY_PACKAGE libmstr-rest${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR})
set(_mstr_library_dependency "${MSTR_LIBRARY_PACKAGE} (= ${PROJECT_VERSION})")
set(_mstr_packages runtime ${MSTR_LIBRARY_PACKAGE} cli mstr-rest-cli dev mstr-rest-dev
                   aws mstr-rest-aws azure mstr-rest-azure gcp mstr-rest-gcp)

set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME ${MSTR_LIBRARY_PACKAGE})
set(CPACK_DEBIAN_CLI_PACKAGE_NAME mstr-rest-cli)
set(CPACK_DEBIAN_CLI_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_CLI_PACKAGE_DEPENDS "${_mstr_library_dependency}")
set(CPACK_DEBIAN_DEV_PACKAGE_NAME mstr-rest-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS "${_mstr_library_dependency}, libpoco-dev, libboost-dev, libboost-filesystem-dev")
foreach(cloud aws azure gcp)
  string(TOUPPER ${cloud} _mstr_upper)
  set(CPACK_DEBIAN_${_mstr_upper}_PACKAGE_NAME mstr-rest-${cloud})
  set(CPACK_DEBIAN_${_mstr_upper}_PACKAGE_DEPENDS "${_mstr_library_dependency}")
endforeach()

# Every package carries usr/share/doc/PACKAGE/copyright.
# The license text as the copyright format wants it: each line indented, blank lines as " .".
file(STRINGS ${PROJECT_SOURCE_DIR}/LICENSE _mstr_license_lines)
set(MSTR_LICENSE_TEXT "")
foreach(_mstr_line IN LISTS _mstr_license_lines)
  if(_mstr_line MATCHES "^[ \t]*$")
    set(_mstr_line ".")
  endif()
  string(APPEND MSTR_LICENSE_TEXT " ${_mstr_line}\n")
endforeach()
configure_file(${PROJECT_SOURCE_DIR}/cmake/copyright.in ${PROJECT_BINARY_DIR}/package/copyright @ONLY)
while(_mstr_packages)
  list(POP_FRONT _mstr_packages _mstr_component _mstr_package)
  install(FILES ${PROJECT_BINARY_DIR}/package/copyright DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/${_mstr_package}
          COMPONENT ${_mstr_component})
endwhile()

set(CPACK_COMPONENT_RUNTIME_DESCRIPTION "SDK libraries, auth modes and built-in credential providers")
set(CPACK_COMPONENT_CLI_DESCRIPTION "mstr command-line tool, mock Library server and documentation")
set(CPACK_COMPONENT_DEV_DESCRIPTION "headers, CMake package, pkg-config file and mock server library")
set(CPACK_COMPONENT_AWS_DESCRIPTION "AWS Secrets Manager and SSM Parameter Store provider (aws-sm, aws-ssm)")
set(CPACK_COMPONENT_AZURE_DESCRIPTION "Azure Key Vault provider (azure-kv)")
set(CPACK_COMPONENT_GCP_DESCRIPTION "Google Secret Manager provider (gcp-sm)")

include(CPack)
