# mstr_add_plugin(<target> SOURCES <files...> [LIBRARIES <libs...>] [COMPONENT <install component>])
#
# Builds one plugin: a shared object that links only against mstr::sdk (plus whatever it names),
# carries no "lib" prefix, and lands in the plugin directory the host searches. When
# MSTR_PLUGIN_INSTALL_DIR is set (the SDK's build and the installed package set it), the plugin is
# installed there, in COMPONENT when given (the SDK packages each cloud provider on its own).
# The linker version script every plugin is linked with, beside this file in the source tree and in
# the installed package. Kept as a global property too, so mstr_add_plugin() finds it from any
# directory, whichever one found the package.
set(MSTR_PLUGIN_EXPORTS_MAP "${CMAKE_CURRENT_LIST_DIR}/mstr-plugin-exports.map")
set_property(GLOBAL PROPERTY MSTR_PLUGIN_EXPORTS_MAP "${MSTR_PLUGIN_EXPORTS_MAP}")

function(mstr_add_plugin target)
  cmake_parse_arguments(ARG "" "COMPONENT" "SOURCES;LIBRARIES" ${ARGN})
  add_library(${target} MODULE ${ARG_SOURCES})
  if(TARGET mstr_sdk)
    target_link_libraries(${target} PRIVATE mstr_sdk)
    # The SDK's own build: the plugin is one of the SDK's, which the core treats as built in when it
    # sits in the default directory (core/CMakeLists.txt writes the list).
    set_property(GLOBAL APPEND PROPERTY MSTR_BUILT_IN_PLUGIN_TARGETS ${target})
  else()
    target_link_libraries(${target} PRIVATE mstr::sdk)
  endif()
  if(ARG_LIBRARIES)
    target_link_libraries(${target} PRIVATE ${ARG_LIBRARIES})
  endif()
  if(TARGET mstr_warnings)
    target_link_libraries(${target} PRIVATE mstr_warnings)
  endif()
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  # Every symbol the plugin uses must come from a library it links (the SDK's links the standard
  # library alone): a plugin leaning on the host's copy of POCO or OpenSSL would load in one host
  # and fail in another. Sanitizer runtimes are the exception, their symbols come from the program;
  # MSTR_PLUGIN_ALLOW_UNDEFINED turns the check off for other such cases.
  if(NOT MSTR_PLUGIN_ALLOW_UNDEFINED AND NOT MSTR_SANITIZE AND NOT MSTR_BUILD_FUZZERS AND
     NOT CMAKE_CXX_FLAGS MATCHES "-fsanitize")
    target_link_options(${target} PRIVATE "LINKER:-z,defs")
  endif()
  # libc is always a dependency, even of a plugin that calls nothing of it directly (an auth mode that
  # only builds strings), as Debian's policy wants of every shared object.
  target_link_options(${target} PRIVATE "LINKER:--no-as-needed")
  # Hidden visibility does not reach the template instances the standard library's and POCO's
  # headers mark as exported; the version script does.
  get_property(exports_map GLOBAL PROPERTY MSTR_PLUGIN_EXPORTS_MAP)
  target_link_options(${target} PRIVATE "LINKER:--version-script=${exports_map}")
  set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS ${exports_map})
  if(DEFINED MSTR_PLUGIN_OUTPUT_DIRECTORY)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${MSTR_PLUGIN_OUTPUT_DIRECTORY})
  endif()
  if(DEFINED MSTR_PLUGIN_INSTALL_DIR)
    # The installed plugin finds libmstr-sdk in the library folder above the plugin directory.
    set(libdir lib)
    if(DEFINED CMAKE_INSTALL_LIBDIR)
      set(libdir ${CMAKE_INSTALL_LIBDIR})
    endif()
    file(RELATIVE_PATH plugin_to_lib "/${MSTR_PLUGIN_INSTALL_DIR}" "/${libdir}")
    set_target_properties(${target} PROPERTIES INSTALL_RPATH "$ORIGIN/${plugin_to_lib}")
    set(component_args "")
    if(ARG_COMPONENT)
      set(component_args COMPONENT ${ARG_COMPONENT})
    endif()
    install(TARGETS ${target} LIBRARY DESTINATION ${MSTR_PLUGIN_INSTALL_DIR} ${component_args})
  endif()
endfunction()
