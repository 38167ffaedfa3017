// The shared object's entry point: mstr-provider-aws.so.

#include "aws_provider.hpp"

#include <mstr/sdk/plugin.hpp>

MSTR_CREDENTIAL_PROVIDER_PLUGIN(mstr::internal::aws::AwsProvider, "aws", "1.0.0",
                                "AWS Secrets Manager (aws-sm:) and SSM Parameter Store (aws-ssm:), SigV4-signed",
                                "aws-sm aws-ssm")
