# cmake -DDOT=... -DSOURCE=docs/architecture.dot -DSVG=docs/architecture.svg -DOUT=<scratch.svg> -P check_diagram.cmake
# Renders the diagram's source and fails when the committed SVG is not that rendering.
if(NOT DOT)
  message(FATAL_ERROR "Graphviz's dot is not installed: run scripts/setup.sh")
endif()
execute_process(COMMAND ${DOT} -Tsvg ${SOURCE} -o ${OUT} RESULT_VARIABLE result ERROR_VARIABLE errors)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "dot cannot render ${SOURCE}: ${errors}")
endif()
file(READ ${OUT} rendered)
file(READ ${SVG} committed)
if(NOT rendered STREQUAL committed)
  message(FATAL_ERROR "${SVG} is not the rendering of ${SOURCE}: run `dot -Tsvg ${SOURCE} -o ${SVG}` and commit both")
endif()
