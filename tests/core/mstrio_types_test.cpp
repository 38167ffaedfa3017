// <mstr/types.hpp> against values mstrio-py defines (mstrio/types.py, mstrio/helpers.py).
#include <mstr/types.hpp>

#include <catch2/catch.hpp>

#include <cstdint>

using namespace mstr;

TEST_CASE("object types, subtypes and extended types carry mstrio's values", "[types]") {
  CHECK(static_cast<int>(ObjectTypes::FILTER) == 1);
  CHECK(static_cast<int>(ObjectTypes::REPORT_DEFINITION) == 3);
  CHECK(static_cast<int>(ObjectTypes::FOLDER) == 8);
  CHECK(static_cast<int>(ObjectTypes::PROJECT) == 32);
  CHECK(static_cast<int>(ObjectTypes::USER) == 34);
  CHECK(static_cast<int>(ObjectTypes::USERGROUP) == 34);
  CHECK(static_cast<int>(ObjectTypes::DOCUMENT_DEFINITION) == 55);
  CHECK(static_cast<int>(ObjectTypes::TEST_SUITE) == 93);
  CHECK(static_cast<int>(ObjectSubTypes::REPORT_GRID) == 768);
  CHECK(static_cast<int>(ObjectSubTypes::OLAP_CUBE) == 776);
  CHECK(static_cast<int>(ObjectSubTypes::SUPER_CUBE) == 779);
  CHECK(static_cast<int>(ObjectSubTypes::USER_GROUP) == 8705);
  CHECK(static_cast<int>(ObjectSubTypes::TRANSMITTER) == 8705);
  CHECK(static_cast<int>(ObjectSubTypes::IAM_SECRET_VAULT) == 21002);
  CHECK(static_cast<int>(ObjectSubTypes::SUBSCRIPTION_INSTANCE) == 65283);
  CHECK(static_cast<int>(ExtendedType::RESERVED) == 0);
  CHECK(static_cast<int>(ExtendedType::DATA_IMPORT_OAUTH_SFDC) == 0x151);
  CHECK(static_cast<int>(ExtendedType::UNNAMED_0X155) == 0x155);
  CHECK(static_cast<int>(ExtendedType::DATA_IMPORT_LIVE_CUBE) == 0x1001);
  CHECK(object_type_of(ObjectSubTypes::SUPER_CUBE) == ObjectTypes::REPORT_DEFINITION);
  CHECK(object_type_of(ObjectSubTypes::USER_GROUP) == ObjectTypes::USER);
}

TEST_CASE("to_string names a value as mstrio does, aliases by their first name", "[types]") {
  CHECK(to_string(ObjectTypes::REPORT_DEFINITION) == "REPORT_DEFINITION");
  CHECK(to_string(ObjectTypes::USERGROUP) == "USER");
  CHECK(to_string(static_cast<ObjectTypes>(1000)) == "UNDEFINED_TYPE:1000");
  CHECK(to_string(ObjectSubTypes::TRANSMITTER) == "USER_GROUP");
  CHECK(to_string(ObjectSubTypes::DOCUMENT_AGENT) == "DOCUMENT_BOT_2_0");
  CHECK(to_string(ObjectSubTypes::SUBSCRIPTION_ADDRESS) == "SUBSCRIPTION_ADDRESS");
  CHECK(to_string(static_cast<ObjectSubTypes>(1)) == "UNDEFINED_TYPE:1");
  CHECK(to_string(ExtendedType::UNNAMED_0X155) == "_");
  CHECK(to_string(ExtendedType::DATA_IMPORT_DATASET) == "DATA_IMPORT_DATASET");
  CHECK(to_string(static_cast<ExtendedType>(7)) == "UNDEFINED_TYPE:7");
}

TEST_CASE("contains checks a raw value before it is cast", "[types]") {
  CHECK(contains<ObjectTypes>(3));
  CHECK(contains<ObjectTypes>(93));
  CHECK_FALSE(contains<ObjectTypes>(5));  // mstrio skips 5
  CHECK_FALSE(contains<ObjectTypes>(0));
  CHECK_FALSE(contains<ObjectTypes>(-1));
  CHECK_FALSE(contains<ObjectTypes>(std::int64_t{1} << 40));
  CHECK(contains<ObjectSubTypes>(14087));
  CHECK_FALSE(contains<ObjectSubTypes>(14086));
  CHECK(contains<ExtendedType>(0x1C0));
  CHECK_FALSE(contains<ExtendedType>(0x154));
  CHECK(contains<Rights>(0));
  CHECK(contains<Rights>(255));
  CHECK(contains<Rights>(536870912 + 4));
  CHECK_FALSE(contains<Rights>(256));
  CHECK_FALSE(contains<Rights>(-4));
  CHECK(contains<AggregatedRights>(197));
  CHECK_FALSE(contains<AggregatedRights>(196));
  CHECK(contains<Permissions>("Full Control"));
  CHECK_FALSE(contains<Permissions>("full control"));
  CHECK_FALSE(contains<Permissions>(""));
}

TEST_CASE("Rights is a flag type and the aggregated rights are its combinations", "[types]") {
  const Rights view = Rights::BROWSE | Rights::READ | Rights::USE | Rights::EXECUTE;
  CHECK(to_rights(AggregatedRights::VIEW) == view);
  CHECK(to_rights(AggregatedRights::CONSUME) == (Rights::BROWSE | Rights::READ | Rights::USE));
  CHECK(to_rights(AggregatedRights::MODIFY) == (view | Rights::WRITE | Rights::DELETE));
  CHECK(static_cast<std::uint32_t>(AggregatedRights::ALL) == 255);
  CHECK(static_cast<std::uint32_t>(AggregatedRights::NONE) == 0);
  CHECK(has_rights(view, Rights::READ | Rights::EXECUTE));
  CHECK_FALSE(has_rights(view, Rights::READ | Rights::WRITE));
  CHECK((view & Rights::WRITE) == static_cast<Rights>(0));
  Rights granted = Rights::BROWSE;
  granted |= Rights::CONTROL;
  granted &= Rights::CONTROL;
  CHECK(granted == Rights::CONTROL);
  CHECK(to_string(view) == "EXECUTE|USE|READ|BROWSE");
  CHECK(to_string(Rights::INHERITABLE | Rights::WRITE) == "INHERITABLE|WRITE");
  CHECK(to_string(static_cast<Rights>(0)) == "0");
  CHECK(to_string(static_cast<Rights>(256 | 1)) == "BROWSE|0x100");
  CHECK(to_string(AggregatedRights::MODIFY) == "MODIFY");
  CHECK(to_string(static_cast<AggregatedRights>(5)) == "READ|BROWSE");
}

TEST_CASE("Permissions read as Workstation names them", "[types]") {
  CHECK(to_string(Permissions::VIEW) == "View");
  CHECK(to_string(Permissions::MODIFY) == "Modify");
  CHECK(to_string(Permissions::FULL_CONTROL) == "Full Control");
  CHECK(to_string(Permissions::DENIED_ALL) == "Denied All");
  CHECK(to_string(Permissions::DEFAULT_ALL) == "Default All");
  CHECK(to_string(Permissions::CONSUME) == "Consume");
  CHECK(to_string(static_cast<Permissions>(42)) == "UNDEFINED_PERMISSIONS:42");
  CHECK(permissions_from_string("Denied All") == Permissions::DENIED_ALL);
  CHECK_FALSE(permissions_from_string("Denied").has_value());
}
