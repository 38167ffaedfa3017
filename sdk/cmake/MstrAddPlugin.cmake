# mstr_add_plugin(<target> SOURCES <files...> [LIBRARIES <libs...>])
#
# Builds one plugin: a shared object that links only against mstr::sdk (plus whatever it names),
# carries no "lib" prefix, and lands in the plugin directory the host searches.
function(mstr_add_plugin target)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBRARIES" ${ARGN})
  add_library(${target} MODULE ${ARG_SOURCES})
  if(TARGET mstr_sdk)
    target_link_libraries(${target} PRIVATE mstr_sdk)
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
  if(DEFINED MSTR_PLUGIN_OUTPUT_DIRECTORY)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${MSTR_PLUGIN_OUTPUT_DIRECTORY})
  endif()
  if(DEFINED MSTR_PLUGIN_INSTALL_DIR)
    install(TARGETS ${target} LIBRARY DESTINATION ${MSTR_PLUGIN_INSTALL_DIR})
  endif()
endfunction()
