# Install layout, the exported CMake package `mstr-rest` and the pkg-config files.
#
#   <prefix>/bin/                     mstr, mstr-mock-server                      (cli)
#   <prefix>/share/man/man1/          mstr.1                                      (cli)
#   <prefix>/lib/                     libmstr-sdk, libmstr-core, libmstr-data,    (one component each;
#                                     libmstr-admin                               .so links: <name>-dev)
#   <prefix>/lib/mstr/plugins/        auth modes and providers                    (runtime, aws, azure, gcp)
#   <prefix>/libexec/mstr/            mstr-plugin-host, for isolated providers    (runtime)
#   <prefix>/include/mstr/sdk/        the SDK's headers                           (sdk-dev)
#   <prefix>/include/mstr/            each library's headers                      (<name>-dev)
#   <prefix>/include/mstr/mock/       the mock server library's headers           (dev)
#   <prefix>/lib/cmake/mstr-rest/     the CMake package and mstr_add_plugin()     (sdk-dev; each
#                                     library's targets file                       library's: <name>-dev)
#   <prefix>/lib/pkgconfig/           mstr-rest-<name>.pc per library             (<name>-dev)
#                                     mstr-rest.pc (everything)                   (dev)
#   <prefix>/share/doc/mstr-rest/     the documentation                           (cli)
#   <prefix>/share/doc/PACKAGE/       each Debian package's copyright             (each)
#
# So a prefix made of the components sdk and sdk-dev alone is everything a plugin author needs:
# find_package(mstr-rest CONFIG COMPONENTS sdk) or pkg-config mstr-rest-sdk, and no POCO or Boost.
#
# <prefix>/lib is CMAKE_INSTALL_LIBDIR (lib/x86_64-linux-gnu on a multiarch system); the core and the
# CMake package both take the plugin directory from MSTR_PLUGIN_INSTALL_DIR, so they agree on it.
#
# Every RPATH is relative to $ORIGIN, so the tree works from whatever prefix it is copied to; the
# core finds lib/mstr/plugins relative to its own file for the same reason.
include(CMakePackageConfigHelpers)

set(MSTR_CMAKE_INSTALL_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/mstr-rest)
file(RELATIVE_PATH _mstr_bin_to_lib "/${CMAKE_INSTALL_BINDIR}" "/${CMAKE_INSTALL_LIBDIR}")
file(RELATIVE_PATH MSTR_PKGCONFIG_TO_PREFIX "/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/")

# The SDK's libraries, lowest layer first, each registered once with mstr_install_library():
#
#   mstr_install_library(<name> HEADERS <include dir> DESCRIPTION <text>
#                        [REQUIRES <libraries below it>] [FIND_DEPENDENCIES <find_dependency args>...]
#                        [PC_REQUIRES <pkg-config modules>] [PC_LIBS <more -l flags>])
#
# <name> is the short name everywhere: the target mstr_<name> exported as mstr::<name>,
# libmstr-<name>.so, the CMake package's component <name> (mstr-rest-<name>-targets.cmake), the
# pkg-config module mstr-rest-<name> (from cmake/mstr-rest-<name>.pc.in when there is one, else
# cmake/mstr-rest-library.pc.in), the install components <name> (the shared library) and <name>-dev
# (headers, the .so link, the targets file, the .pc), and the Debian packages libmstr-<name><soversion>
# and libmstr-<name>-dev (cmake/MstrPackaging.cmake reads MSTR_LIBRARIES).
set(MSTR_LIBRARIES "")
set(MSTR_PACKAGE_COMPONENT_RULES "")
function(mstr_install_library name)
  cmake_parse_arguments(ARG "" "HEADERS;DESCRIPTION" "REQUIRES;FIND_DEPENDENCIES;PC_REQUIRES;PC_LIBS" ${ARGN})
  set(target mstr_${name})
  set_target_properties(${target} PROPERTIES EXPORT_NAME ${name} INSTALL_RPATH "$ORIGIN")
  install(TARGETS ${target} EXPORT mstr-rest-${name}-targets
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT ${name} NAMELINK_COMPONENT ${name}-dev)
  install(EXPORT mstr-rest-${name}-targets NAMESPACE mstr:: DESTINATION ${MSTR_CMAKE_INSTALL_DIR}
    COMPONENT ${name}-dev)
  install(DIRECTORY ${ARG_HEADERS}/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT ${name}-dev
    FILES_MATCHING PATTERN "*.hpp")

  # What the package config file needs to load the component (see mstr-rest-config.cmake.in).
  string(APPEND MSTR_PACKAGE_COMPONENT_RULES "set(_mstr_rest_requires_${name} ${ARG_REQUIRES})\n")
  string(APPEND MSTR_PACKAGE_COMPONENT_RULES "set(_mstr_rest_dependencies_${name}")
  foreach(dependency IN LISTS ARG_FIND_DEPENDENCIES)
    string(APPEND MSTR_PACKAGE_COMPONENT_RULES " \"${dependency}\"")
  endforeach()
  string(APPEND MSTR_PACKAGE_COMPONENT_RULES ")\n")
  set(MSTR_PACKAGE_COMPONENT_RULES "${MSTR_PACKAGE_COMPONENT_RULES}" PARENT_SCOPE)
  set(MSTR_LIBRARIES ${MSTR_LIBRARIES} ${name} PARENT_SCOPE)

  set(MSTR_PC_NAME ${name})
  set(MSTR_PC_DESCRIPTION "${ARG_DESCRIPTION}")
  string(REPLACE ";" ", " MSTR_PC_REQUIRES "${ARG_PC_REQUIRES}")
  string(REPLACE ";" " " MSTR_PC_LIBS "${ARG_PC_LIBS}")
  set(template ${PROJECT_SOURCE_DIR}/cmake/mstr-rest-${name}.pc.in)
  if(NOT EXISTS ${template})
    set(template ${PROJECT_SOURCE_DIR}/cmake/mstr-rest-library.pc.in)
  endif()
  configure_file(${template} ${PROJECT_BINARY_DIR}/package/mstr-rest-${name}.pc @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/package/mstr-rest-${name}.pc
    DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT ${name}-dev)
endfunction()

# The plugin SDK: the standard library alone.
mstr_install_library(sdk HEADERS ${PROJECT_SOURCE_DIR}/sdk/include
  DESCRIPTION "the plugin SDK, for building credential-provider and auth-mode plugins")
# Sessions and plugins: its public headers use POCO's JSON and Foundation types.
mstr_install_library(core HEADERS ${PROJECT_SOURCE_DIR}/core/include REQUIRES sdk
  FIND_DEPENDENCIES "Poco 1.11 COMPONENTS Foundation JSON" "Boost 1.74" "Threads"
  DESCRIPTION "sessions and plugins" PC_LIBS -lmstr-sdk -lPocoJSON -lPocoFoundation)
mstr_install_library(data HEADERS ${PROJECT_SOURCE_DIR}/data/include REQUIRES core
  DESCRIPTION "reports, cubes and datasets" PC_REQUIRES "mstr-rest-core = ${PROJECT_VERSION}")
mstr_install_library(admin HEADERS ${PROJECT_SOURCE_DIR}/admin/include REQUIRES core
  DESCRIPTION "users, groups, security and the environment" PC_REQUIRES "mstr-rest-core = ${PROJECT_VERSION}")

# The mock server library: a static library for consumers' tests, in the dev component with the
# umbrella pkg-config file.
set_target_properties(mstr_mock_server PROPERTIES EXPORT_NAME mock_server)
# The mock library's headers live in the source tree; consumers find them under include/.
set_target_properties(mstr_mock_server PROPERTIES INTERFACE_INCLUDE_DIRECTORIES
  "$<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/mock/include>;$<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>")
install(TARGETS mstr_mock_server EXPORT mstr-rest-mock_server-targets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev)
install(EXPORT mstr-rest-mock_server-targets NAMESPACE mstr:: DESTINATION ${MSTR_CMAKE_INSTALL_DIR} COMPONENT dev)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/mock/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT dev
  FILES_MATCHING PATTERN "*.hpp")
string(APPEND MSTR_PACKAGE_COMPONENT_RULES "set(_mstr_rest_requires_mock_server sdk)\n"
  "set(_mstr_rest_dependencies_mock_server \"Poco 1.11 COMPONENTS Foundation JSON Net NetSSL\" \"Threads\")\n")

foreach(program mstr mstr-mock-server)
  set_target_properties(${program} PROPERTIES INSTALL_RPATH "$ORIGIN/${_mstr_bin_to_lib}")
endforeach()

# The package's own files travel with the SDK's development files: they are all a plugin needs.
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
  DESTINATION ${MSTR_CMAKE_INSTALL_DIR} COMPONENT sdk-dev)

# mstr-rest.pc is the umbrella a host links for everything: every library, highest layer first.
set(MSTR_UMBRELLA_LIBS "")
foreach(_mstr_library IN LISTS MSTR_LIBRARIES)
  set(MSTR_UMBRELLA_LIBS "-lmstr-${_mstr_library} ${MSTR_UMBRELLA_LIBS}")
endforeach()
configure_file(${PROJECT_SOURCE_DIR}/cmake/mstr-rest.pc.in ${PROJECT_BINARY_DIR}/package/mstr-rest.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/package/mstr-rest.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT dev)

# docs/api/ holds the API reference's build inputs, not pages.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT cli
  PATTERN api EXCLUDE)
# The plugin sample writing-a-plugin.md points at, to copy from beside the installed docs.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/samples/vault-plugin DESTINATION ${CMAKE_INSTALL_DOCDIR}/samples COMPONENT cli)
