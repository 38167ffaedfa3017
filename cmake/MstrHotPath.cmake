# Code layout for start-up memory: the functions a one-shot command runs, laid out together.
#
# The kernel maps a program's code in 64 KB runs around each page it first touches, so a one-shot
# `mstr` command (start, plugin discovery, login, one request, logout) that runs a little of most of
# libmstr-core's code makes most of it resident. Every object is compiled with one section per
# function, and each target given to mstr_order_hot_path() is linked with the linker's own default
# script, in which the functions named in the target's list come first in .text, in the list's
# order. The lists are written from a profile of real commands by scripts/hot_path.py; a name that
# no longer exists matches nothing, so a stale list costs memory, never behaviour.
# docs/benchmarks.md (mstr-cold-bench) has the figures.
#
# MSTR_ORDER_HOT_PATH turns it off; sanitizer and fuzzing builds leave it off, as their memory is not
# what is measured. A linker that prints no default script (anything but GNU ld) links as usual.
if(MSTR_SANITIZE OR MSTR_BUILD_FUZZERS)
  set(_mstr_order_default OFF)
else()
  set(_mstr_order_default ON)
endif()
option(MSTR_ORDER_HOT_PATH "Lay out the functions a one-shot command runs together (GNU ld)" ${_mstr_order_default})
if(MSTR_ORDER_HOT_PATH)
  # One section per function in every object, so that a listed function can be placed wherever it
  # is compiled, in a static library linked into a listed target too.
  add_compile_options(-ffunction-sections)
endif()

# The default linker script for a link of `kind` (SHARED_LIBRARY or EXECUTABLE), as the compiler
# driver runs the linker with this build's flags; empty when the linker does not print it.
function(_mstr_default_linker_script kind out_var)
  set(probe_dir "${PROJECT_BINARY_DIR}/CMakeFiles/mstr-hot-path-probe")
  file(WRITE "${probe_dir}/probe.cpp" "int main() { return 0; }\n")
  separate_arguments(flags UNIX_COMMAND "${CMAKE_CXX_FLAGS}")
  if(kind STREQUAL "SHARED_LIBRARY")
    separate_arguments(link_flags UNIX_COMMAND "${CMAKE_SHARED_LINKER_FLAGS}")
    set(mode -shared -fPIC)
  else()
    separate_arguments(link_flags UNIX_COMMAND "${CMAKE_EXE_LINKER_FLAGS}")
    set(mode -fPIE)
  endif()
  execute_process(
    COMMAND ${CMAKE_CXX_COMPILER} ${flags} ${link_flags} ${mode} -Wl,--verbose "${probe_dir}/probe.cpp"
            -o "${probe_dir}/probe.out"
    OUTPUT_VARIABLE output ERROR_VARIABLE errors RESULT_VARIABLE result)
  set(script "")
  # GNU ld prints the script between two lines of 50 '='.
  string(REPEAT "=" 50 rule)
  string(FIND "${output}" "${rule}\n" start)
  if(result EQUAL 0 AND start GREATER -1)
    math(EXPR start "${start} + 51")
    string(SUBSTRING "${output}" ${start} -1 rest)
    string(FIND "${rest}" "${rule}" end)
    if(end GREATER -1)
      string(SUBSTRING "${rest}" 0 ${end} script)
    endif()
  endif()
  set(${out_var} "${script}" PARENT_SCOPE)
endfunction()

# mstr_order_hot_path(<target> <list file>)
# <list file>: one mangled function name per line; blank lines and lines starting with '#' are skipped.
function(mstr_order_hot_path target list_file)
  if(NOT MSTR_ORDER_HOT_PATH)
    return()
  endif()
  get_filename_component(list_file "${list_file}" ABSOLUTE)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${list_file}")
  get_target_property(kind ${target} TYPE)
  _mstr_default_linker_script(${kind} script)
  # The listed functions open the .text output section, ahead of the statements that were there.
  set(text_opening "\n  .text           :\n  {\n")
  string(FIND "${script}" "${text_opening}" at)
  if(at EQUAL -1)
    message(STATUS "mstr: the linker printed no default script with a .text section; ${target} is linked as usual")
    return()
  endif()
  file(STRINGS "${list_file}" names REGEX "^[^#]")
  set(statements "    /* The hot path, from ${list_file}. */\n")
  foreach(name IN LISTS names)
    string(STRIP "${name}" name)
    if(name)
      string(APPEND statements "    *(.text.${name})\n")
    endif()
  endforeach()
  string(LENGTH "${text_opening}" opening_length)
  math(EXPR at "${at} + ${opening_length}")
  string(SUBSTRING "${script}" 0 ${at} head)
  string(SUBSTRING "${script}" ${at} -1 tail)
  set(ordered "${CMAKE_CURRENT_BINARY_DIR}/${target}-hot-path.ld")
  # Written only when it changes, so that configuring again does not relink the target.
  file(CONFIGURE OUTPUT "${ordered}" CONTENT "${head}${statements}${tail}" @ONLY)
  target_link_options(${target} PRIVATE "LINKER:-T,${ordered}")
  set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS "${ordered}")
endfunction()
