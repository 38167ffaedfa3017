# The initial cache of CI's test-suite build (.ci/run, `cmake -C`): line tables only (-g1, as the
# sanitizer builds have). A failing test's backtrace still names files and lines, and the libraries
# compile in about two thirds of the time of -O2 -g on CI's two cores.
set(CMAKE_CXX_FLAGS_RELWITHDEBINFO "-O2 -g1 -DNDEBUG" CACHE STRING "Flags for RelWithDebInfo builds")
