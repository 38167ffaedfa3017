#!/bin/sh
# Doxygen INPUT_FILTER for the public headers. They are commented in plain `//` prose, as the style
# guide asks; this shows those comments to Doxygen as documentation without changing the sources:
#   - a line that is only a `//` comment documents the declaration below it;
#   - a `//` comment after a member (`int x;  // ...`) documents that member;
#   - `#word` in a comment (a reference's #field) is text, not a Doxygen link request.
exec sed -e '/\/\//s@\([^\\]\)#\([A-Za-z_]\)@\1\\#\2@g' \
         -e 's@^\([[:space:]]*\)//\( \|$\)@\1///\2@' \
         -e 's@\([;,{]\)[[:space:]]*// @\1 ///< @' "$1"
