# Debian packages, one per install component, named the way Debian names them. For each library of
# MSTR_LIBRARIES (cmake/MstrInstall.cmake registers them):
#
#   libmstr-<name><soversion>  the shared library, named after its SONAME (libmstr-sdk2,
#                              libmstr-core0.2, libmstr-data0.2), with its shlibs file
#   libmstr-<name>-dev         its headers, .so link, CMake targets and pkg-config file; libmstr-sdk-dev
#                              also holds the CMake package itself with mstr_add_plugin(), so it alone
#                              is what a plugin author installs
#
# and beside them:
#
#   mstr-rest-plugins  runtime: the auth modes, the env, file, stdin and prompt providers, mstr-plugin-host
#   mstr-rest-cli      cli: mstr and its man page, mstr-mock-server, the documentation
#   mstr-rest-dev      dev: the mock server library and mstr-rest.pc, over every libmstr-*-dev
#   mstr-rest-aws      the aws-sm / aws-ssm provider plugin
#   mstr-rest-azure    the azure-kv provider plugin
#   mstr-rest-gcp      the gcp-sm provider plugin
#
# Dependencies on other libraries are computed by dpkg-shlibdeps from what each package's files link,
# so a package depends on exactly the POCO, Boost and OpenSSL libraries it uses. `cpack -G DEB` in
# the build tree writes the packages to <build>/packages/. The version is project()'s.
set(CPACK_PACKAGE_NAME mstr-rest)
set(CPACK_PACKAGE_VENDOR "mstr-rest")
set(CPACK_PACKAGE_CONTACT "mstr-rest maintainers <maintainers@mstr-rest.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR}/packages)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_STRIP_FILES ON)

set(CPACK_GENERATOR DEB)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_COMPRESSION_TYPE gzip)
set(CPACK_DEBIAN_PACKAGE_SECTION libs)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Each library package carries a shlibs file naming it for its SONAME (plugins have no SONAME).
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
# The SDK's own libraries are not in the dpkg database when packaging; dpkg-shlibdeps finds them
# here, and the packages that need them name the library package below instead.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS ${PROJECT_BINARY_DIR}/lib)

set(_mstr_exact "(= ${PROJECT_VERSION})")
# The warnings lintian gives that are right for a package, each with its reason, written per package
# into <build>/package/lintian/ and installed as its lintian overrides (see the end of this file).
file(REMOVE_RECURSE ${PROJECT_BINARY_DIR}/package/lintian)
# A library package activates ldconfig's trigger, as Debian's policy asks.
file(WRITE ${PROJECT_BINARY_DIR}/package/triggers "activate-noawait ldconfig\n")
# Whether the libraries land in the multiarch directory (a tree configured with CMAKE_INSTALL_PREFIX
# /usr, as GNUInstallDirs chooses it): only then are the pkg-config files where a cross build looks.
set(_mstr_multiarch FALSE)
if(CMAKE_LIBRARY_ARCHITECTURE AND CMAKE_INSTALL_LIBDIR MATCHES "/${CMAKE_LIBRARY_ARCHITECTURE}$")
  set(_mstr_multiarch TRUE)
endif()
function(mstr_lintian_override package tag reason)
  file(APPEND ${PROJECT_BINARY_DIR}/package/lintian/${package} "# ${reason}\n${package}: ${tag}\n")
endfunction()
set(_mstr_packages "")  # component, package name pairs
set(CPACK_COMPONENTS_ALL "")
foreach(_mstr_library IN LISTS MSTR_LIBRARIES)
  string(TOUPPER ${_mstr_library} _mstr_upper)
  get_target_property(_mstr_soversion mstr_${_mstr_library} SOVERSION)
  set(_mstr_runtime_package libmstr-${_mstr_library}${_mstr_soversion})
  set(MSTR_LIBRARY_PACKAGE_${_mstr_library} ${_mstr_runtime_package})
  list(APPEND CPACK_COMPONENTS_ALL ${_mstr_library} ${_mstr_library}-dev)
  list(APPEND _mstr_packages ${_mstr_library} ${_mstr_runtime_package}
                             ${_mstr_library}-dev libmstr-${_mstr_library}-dev)
  set(CPACK_DEBIAN_${_mstr_upper}_PACKAGE_NAME ${_mstr_runtime_package})
  set(CPACK_DEBIAN_${_mstr_upper}_PACKAGE_CONTROL_EXTRA ${PROJECT_BINARY_DIR}/package/triggers)
  mstr_lintian_override(${_mstr_runtime_package} maintscript-calls-ldconfig
    "CPack ${CMAKE_MAJOR_VERSION}.${CMAKE_MINOR_VERSION} writes postinst and postrm scripts that run ldconfig for a package with a shared library in /usr/lib; the package activates the ldconfig trigger as well, so the call only repeats what the trigger does.")
  if(NOT _mstr_multiarch)
    mstr_lintian_override(libmstr-${_mstr_library}-dev pkg-config-unavailable-for-cross-compilation
      "This tree installs into lib/, not the multiarch directory: configure with -DCMAKE_INSTALL_PREFIX=/usr for packages whose pkg-config file a cross build finds.")
  endif()
  set(CPACK_DEBIAN_${_mstr_upper}-DEV_PACKAGE_NAME libmstr-${_mstr_library}-dev)
  set(CPACK_DEBIAN_${_mstr_upper}-DEV_PACKAGE_SECTION libdevel)
  # The libraries below it, by name: dpkg-shlibdeps cannot name the package of a library that is not
  # installed yet.
  set(_mstr_dev_depends "${_mstr_runtime_package} ${_mstr_exact}")
  set(_mstr_runtime_depends "")
  get_target_property(_mstr_below mstr_${_mstr_library} LINK_LIBRARIES)
  foreach(_mstr_other IN LISTS MSTR_LIBRARIES)
    if(mstr_${_mstr_other} IN_LIST _mstr_below)
      string(APPEND _mstr_dev_depends ", libmstr-${_mstr_other}-dev ${_mstr_exact}")
      list(APPEND _mstr_runtime_depends "${MSTR_LIBRARY_PACKAGE_${_mstr_other}} ${_mstr_exact}")
    endif()
  endforeach()
  set(CPACK_DEBIAN_${_mstr_upper}-DEV_PACKAGE_DEPENDS "${_mstr_dev_depends}")
  string(REPLACE ";" ", " CPACK_DEBIAN_${_mstr_upper}_PACKAGE_DEPENDS "${_mstr_runtime_depends}")
  set(CPACK_COMPONENT_${_mstr_upper}_DESCRIPTION "mstr-rest shared library libmstr-${_mstr_library}")
  set(CPACK_COMPONENT_${_mstr_upper}-DEV_DESCRIPTION "mstr-rest development files of libmstr-${_mstr_library}")
endforeach()
# The core's public headers use POCO and Boost types; the SDK's use the standard library alone.
string(APPEND CPACK_DEBIAN_CORE-DEV_PACKAGE_DEPENDS ", libpoco-dev, libboost-dev")
# A session logs in through the auth-mode plugins and resolves credentials through the providers.
string(APPEND CPACK_DEBIAN_CORE_PACKAGE_DEPENDS ", mstr-rest-plugins ${_mstr_exact}")

set(_mstr_sdk_dependency "${MSTR_LIBRARY_PACKAGE_sdk} ${_mstr_exact}")
list(APPEND CPACK_COMPONENTS_ALL runtime cli dev aws azure gcp)
list(APPEND _mstr_packages runtime mstr-rest-plugins cli mstr-rest-cli dev mstr-rest-dev
                           aws mstr-rest-aws azure mstr-rest-azure gcp mstr-rest-gcp)

set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME mstr-rest-plugins)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_DEPENDS "${_mstr_sdk_dependency}")
set(CPACK_DEBIAN_CLI_PACKAGE_NAME mstr-rest-cli)
set(CPACK_DEBIAN_CLI_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_CLI_PACKAGE_DEPENDS "${MSTR_LIBRARY_PACKAGE_data} ${_mstr_exact}")
set(CPACK_DEBIAN_DEV_PACKAGE_NAME mstr-rest-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(_mstr_all_dev "")
foreach(_mstr_library IN LISTS MSTR_LIBRARIES)
  string(APPEND _mstr_all_dev "libmstr-${_mstr_library}-dev ${_mstr_exact}, ")
endforeach()
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS "${_mstr_all_dev}libpoco-dev")
if(NOT _mstr_multiarch)
  mstr_lintian_override(mstr-rest-dev pkg-config-unavailable-for-cross-compilation
    "This tree installs into lib/, not the multiarch directory: configure with -DCMAKE_INSTALL_PREFIX=/usr for packages whose pkg-config file a cross build finds.")
endif()
foreach(cloud aws azure gcp)
  string(TOUPPER ${cloud} _mstr_upper)
  set(CPACK_DEBIAN_${_mstr_upper}_PACKAGE_NAME mstr-rest-${cloud})
  set(CPACK_DEBIAN_${_mstr_upper}_PACKAGE_DEPENDS "${_mstr_sdk_dependency}, mstr-rest-plugins ${_mstr_exact}")
endforeach()

# Every package carries usr/share/doc/PACKAGE/copyright, in Debian's machine-readable format pointing
# at the system's copy of the license, and changelog.gz (a native package's). Dates follow
# SOURCE_DATE_EPOCH when it is set, so the packages can be built reproducibly.
string(TIMESTAMP MSTR_COPYRIGHT_YEARS "%Y" UTC)
string(TIMESTAMP MSTR_CHANGELOG_DATE "%a, %d %b %Y %H:%M:%S +0000" UTC)
configure_file(${PROJECT_SOURCE_DIR}/cmake/copyright.in ${PROJECT_BINARY_DIR}/package/copyright @ONLY)
configure_file(${PROJECT_SOURCE_DIR}/cmake/changelog.in ${PROJECT_BINARY_DIR}/package/changelog @ONLY)
execute_process(COMMAND gzip -9 -n -c ${PROJECT_BINARY_DIR}/package/changelog
  OUTPUT_FILE ${PROJECT_BINARY_DIR}/package/changelog.gz COMMAND_ERROR_IS_FATAL ANY)
while(_mstr_packages)
  list(POP_FRONT _mstr_packages _mstr_component _mstr_package)
  install(FILES ${PROJECT_BINARY_DIR}/package/copyright ${PROJECT_BINARY_DIR}/package/changelog.gz
          DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/${_mstr_package} COMPONENT ${_mstr_component})
  if(EXISTS ${PROJECT_BINARY_DIR}/package/lintian/${_mstr_package})
    install(FILES ${PROJECT_BINARY_DIR}/package/lintian/${_mstr_package}
            DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/lintian/overrides COMPONENT ${_mstr_component})
  endif()
endwhile()

set(CPACK_COMPONENT_RUNTIME_DESCRIPTION "auth modes, built-in credential providers and the plugin host")
set(CPACK_COMPONENT_CLI_DESCRIPTION "mstr command-line tool, mock Library server and documentation")
set(CPACK_COMPONENT_DEV_DESCRIPTION "mock server library and the pkg-config file for every library")
set(CPACK_COMPONENT_AWS_DESCRIPTION "AWS Secrets Manager and SSM Parameter Store provider (aws-sm, aws-ssm)")
set(CPACK_COMPONENT_AZURE_DESCRIPTION "Azure Key Vault provider (azure-kv)")
set(CPACK_COMPONENT_GCP_DESCRIPTION "Google Secret Manager provider (gcp-sm)")

include(CPack)
