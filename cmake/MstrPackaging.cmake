# Debian packages, one per install component, split the way mstr-rest-requests splits its extras:
#
#   mstr-rest        runtime: libraries, mstr, mstr-mock-server, auth modes, built-in providers, docs
#   mstr-rest-dev    headers, the CMake package with mstr_add_plugin(), pkg-config, the mock library
#   mstr-rest-aws    the aws-sm / aws-ssm provider plugin
#   mstr-rest-azure  the azure-kv provider plugin
#   mstr-rest-gcp    the gcp-sm provider plugin
#
# `cpack -G DEB` in the build tree writes them to <build>/packages/. The version is project()'s.
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
set(CPACK_COMPONENTS_ALL runtime dev aws azure gcp)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_COMPRESSION_TYPE gzip)
set(CPACK_DEBIAN_PACKAGE_SECTION libs)

# Names of Debian 12's POCO 1.11 and Boost 1.74 runtime packages; the -dev package asks for the
# development packages the installed headers include.
set(_mstr_exact "(= ${PROJECT_VERSION})")
set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME mstr-rest)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_DEPENDS
  "libpocofoundation80, libpoconet80, libpoconetssl80, libpococrypto80, libpocojson80, libpocoxml80, libpocoutil80, libpocojwt80, libboost-filesystem1.74.0, libssl3")
set(CPACK_DEBIAN_DEV_PACKAGE_NAME mstr-rest-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS "mstr-rest ${_mstr_exact}, libpoco-dev, libboost-dev, libboost-filesystem-dev")
foreach(cloud aws azure gcp)
  string(TOUPPER ${cloud} _mstr_upper)
  set(CPACK_DEBIAN_${_mstr_upper}_PACKAGE_NAME mstr-rest-${cloud})
  set(CPACK_DEBIAN_${_mstr_upper}_PACKAGE_DEPENDS "mstr-rest ${_mstr_exact}")
endforeach()

set(CPACK_COMPONENT_RUNTIME_DESCRIPTION "mstr CLI, SDK libraries, auth modes, built-in providers, mock Library server")
set(CPACK_COMPONENT_DEV_DESCRIPTION "headers, CMake package, pkg-config file and mock server library")
set(CPACK_COMPONENT_AWS_DESCRIPTION "AWS Secrets Manager and SSM Parameter Store provider (aws-sm, aws-ssm)")
set(CPACK_COMPONENT_AZURE_DESCRIPTION "Azure Key Vault provider (azure-kv)")
set(CPACK_COMPONENT_GCP_DESCRIPTION "Google Secret Manager provider (gcp-sm)")

include(CPack)
