#include <mstr/types.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <iterator>

namespace mstr {
namespace {

struct NamedValue {
  std::int64_t value;
  std::string_view name;
};

// Sorted by value; where mstrio gives one value two names, the first one it defines.
constexpr NamedValue object_type_names[] = {
    {1, "FILTER"},
    {2, "TEMPLATE"},
    {3, "REPORT_DEFINITION"},
    {4, "METRIC"},
    {6, "AUTO_STYLE"},
    {7, "AGG_METRIC"},
    {8, "FOLDER"},
    {9, "SUBSCRIPTION_DEVICE"},
    {10, "PROMPT"},
    {11, "FUNCTION"},
    {12, "ATTRIBUTE"},
    {13, "FACT"},
    {14, "DIMENSION"},
    {15, "TABLE"},
    {16, "DATAMART_REPORT"},
    {17, "FACT_GROUP"},
    {18, "SHORTCUT_TYPE"},
    {19, "RESOLUTION"},
    {20, "MONITOR"},
    {21, "ATTRIBUTE_FORM"},
    {22, "SCHEMA"},
    {23, "FORMAT"},
    {24, "CATALOG"},
    {25, "CATALOG_DEFINITION"},
    {26, "COLUMN"},
    {28, "PROPERTY_SET"},
    {29, "DBROLE"},
    {30, "DBLOGIN"},
    {31, "DBCONNECTION"},
    {32, "PROJECT"},
    {33, "SERVER_DEFINITION"},
    {34, "USER"},
    {35, "SUBSCRIPTION_TRANSMITTER"},
    {36, "CONFIGURATION"},
    {37, "REQUEST"},
    {39, "SEARCH"},
    {40, "SEARCH_FOLDER"},
    {41, "DATAMART"},
    {42, "PACKAGE_DEFINITION"},
    {43, "ROLE"},
    {44, "SECURITY_ROLE"},
    {45, "LOCALE"},
    {47, "CONSOLIDATION"},
    {48, "CONSOLIDATION_ELEMENT"},
    {49, "SCHEDULE_EVENT"},
    {50, "SCHEDULE_OBJECT"},
    {51, "SCHEDULE_TRIGGER"},
    {52, "LINK"},
    {53, "DBTABLE"},
    {54, "TABLE_SOURCE"},
    {55, "DOCUMENT_DEFINITION"},
    {56, "DRILL_MAP"},
    {57, "DBMS"},
    {58, "SECURITY_FILTER"},
    {59, "PROMPT_ANSWER"},
    {60, "PROMPT_ANSWERS"},
    {61, "GRAPH_STYLE"},
    {63, "BLOB"},
    {65, "OBJECT_TAG"},
    {66, "CHANGE_JOURNAL"},
    {67, "SHORTCUT"},
    {68, "SHORTCUT_TARGET"},
    {69, "RECONCILIATION"},
    {70, "LAYER"},
    {71, "PALETTE"},
    {72, "THRESHOLDS"},
    {73, "DASHBOARD_PERSONAL_VIEW"},
    {74, "FEATURE_FLAG"},
    {76, "SCRIPT"},
    {77, "CONTENT_BUNDLE"},
    {78, "APPLICATION"},
    {79, "TIMEZONE"},
    {80, "RUNTIME"},
    {81, "CALENDAR"},
    {82, "IAM"},
    {83, "KPI_WATCHER"},
    {84, "DRIVER"},
    {85, "INTERFACE_LANGUAGE"},
    {86, "WORKFLOW"},
    {89, "CHATS"},
    {90, "NUGGETS"},
    {91, "STREAM_SOURCE"},
    {92, "STREAM_CHANNEL"},
    {93, "TEST_SUITE"},
};

constexpr NamedValue object_subtype_names[] = {
    {256, "FILTER"},
    {257, "CUSTOM_GROUP"},
    {260, "GLOBAL_FILTER"},
    {512, "TEMPLATE"},
    {768, "REPORT_GRID"},
    {769, "REPORT_GRAPH"},
    {770, "REPORT_ENGINE"},
    {771, "REPORT_TEXT"},
    {772, "REPORT_DATAMART"},
    {773, "REPORT_BASE"},
    {774, "REPORT_GRID_AND_GRAPH"},
    {775, "REPORT_NON_INTERACTIVE"},
    {776, "OLAP_CUBE"},
    {777, "INCREMENTAL_REFRESH_REPORT"},
    {778, "REPORT_TRANSACTION"},
    {779, "SUPER_CUBE"},
    {780, "SUPER_CUBE_IRR"},
    {781, "REPORT_HYPER_CARD"},
    {782, "QUICK_SEARCH_SQL_REPORT"},
    {783, "QUICK_SEARCH_PYTHON_REPORT"},
    {784, "QUICK_SEARCH_SQL_CUBE"},
    {785, "QUICK_SEARCH_PYTHON_CUBE"},
    {786, "QUICK_SEARCH_MOSAIC"},
    {1024, "METRIC"},
    {1025, "SUBTOTAL_DEFINITION"},
    {1026, "SYSTEM_SUBTOTAL"},
    {1027, "METRIC_DMX"},
    {1028, "METRIC_TRAINING"},
    {1536, "STYLE"},
    {1792, "METRIC_AGG"},
    {2048, "FOLDER"},
    {2304, "DEVICE"},
    {2560, "PROMPT"},
    {2561, "PROMPT_BOOLEAN"},
    {2562, "PROMPT_LONG"},
    {2563, "PROMPT_STRING"},
    {2564, "PROMPT_DOUBLE"},
    {2565, "PROMPT_DATE"},
    {2566, "PROMPT_OBJECTS"},
    {2567, "PROMPT_ELEMENTS"},
    {2568, "PROMPT_EXPRESSION"},
    {2569, "PROMPT_EXPRESSION_DRAFT"},
    {2570, "PROMPT_DIMTY"},
    {2571, "PROMPT_BIG_DECIMAL"},
    {2816, "FUNCTION"},
    {3072, "ATTRIBUTE"},
    {3073, "ATTRIBUTE_ROLE"},
    {3074, "ATTRIBUTE_TRANSFORMATION"},
    {3075, "ATTRIBUTE_ABSTRACT"},
    {3076, "ATTRIBUTE_RECURSIVE"},
    {3077, "ATTRIBUTE_DERIVED"},
    {3078, "ATTRIBUTE_SMART"},
    {3328, "FACT"},
    {3584, "DIMENSION_SYSTEM"},
    {3585, "DIMENSION_USER"},
    {3586, "DIMENSION_ORDERED"},
    {3587, "DIMENSION_USER_HIERARCHY"},
    {3840, "TABLE"},
    {3841, "TABLE_PARTITION_MD"},
    {3842, "TABLE_PARTITION_WH"},
    {4096, "DATAMART_REPORT"},
    {4352, "FACT_GROUP"},
    {4608, "SHORTCUT"},
    {4609, "LIBRARY_SHORTCUT"},
    {4864, "RESOLUTION"},
    {5376, "ATTRIBUTE_FORM"},
    {5377, "ATTRIBUTE_FORM_SYSTEM"},
    {5378, "ATTRIBUTE_FORM_NORMAL"},
    {5632, "SCHEMA"},
    {5888, "FORMAT"},
    {6144, "CATALOG"},
    {6400, "CATALOG_DEFINITION"},
    {6656, "COLUMN"},
    {6912, "PROPERTY_GROUP"},
    {7168, "PROPERTY_SET"},
    {7424, "DB_ROLE"},
    {7425, "DB_ROLE_DATA_IMPORT"},
    {7426, "DB_ROLE_DATA_IMPORT_PRIMARY"},
    {7427, "DB_ROLE_OAUTH"},
    {7428, "DB_ROLE_REMOTE_DATA_SOURCE"},
    {7429, "DB_ROLE_URL_AUTH"},
    {7430, "DB_ROLE_GENERIC_DATA_CONNECTOR"},
    {7680, "DB_LOGIN"},
    {7681, "DB_LOGIN_SECRET_VAULT"},
    {7936, "DB_CONNECTION"},
    {8192, "PROJECT"},
    {8448, "SERVER_DEFINITION"},
    {8704, "USER"},
    {8705, "USER_GROUP"},
    {8706, "TENANT"},
    {8707, "TENANT_GROUP"},
    {9216, "CONFIGURATION"},
    {9472, "REQUEST"},
    {9984, "SEARCH"},
    {10240, "SEARCH_FOLDER"},
    {10496, "DATAMART"},
    {10752, "FUNCTION_PACKAGE_DEFINITION"},
    {11008, "ROLE"},
    {11009, "ROLE_TRANSFORMATION"},
    {11264, "SECURITY_ROLE"},
    {11520, "INBOX"},
    {11776, "INBOX_MESSAGE"},
    {12032, "CONSOLIDATION"},
    {12033, "CONSOLIDATION_MANAGED"},
    {12288, "CONSOLIDATION_ELEMENT"},
    {12544, "SCHEDULE_EVENT"},
    {12800, "SCHEDULE_OBJECT"},
    {13056, "SCHEDULE_TRIGGER"},
    {13312, "LINK"},
    {13568, "DB_TABLE"},
    {13569, "DB_TABLE_PMT"},
    {13824, "TABLE_SOURCE"},
    {14080, "DOCUMENT_DEFINITION"},
    {14081, "REPORT_WRITING_DOCUMENT"},
    {14082, "DOCUMENT_THEME"},
    {14084, "DOCUMENT_BOT"},
    {14085, "PROJECT_DOCUMENTATION"},
    {14087, "DOCUMENT_BOT_2_0"},
    {14088, "AI_DATASET_COLLECTION"},
    {14091, "DOCUMENT_BOT_UNIVERSAL"},
    {14336, "DRILL_MAP"},
    {14592, "DBMS"},
    {14848, "MD_SECURITY_FILTER"},
    {15104, "MONITOR_PERFORMANCE"},
    {15105, "MONITOR_JOBS"},
    {15106, "MONITOR_USER_CONNECTIONS"},
    {15107, "MONITOR_DB_CONNECTIONS"},
    {15232, "PROMPT_ANSWER"},
    {15233, "PROMPT_ANSWER_BOOLEAN"},
    {15234, "PROMPT_ANSWER_LONG"},
    {15235, "PROMPT_ANSWER_STRING"},
    {15236, "PROMPT_ANSWER_DOUBLE"},
    {15237, "PROMPT_ANSWER_DATE"},
    {15238, "PROMPT_ANSWER_OBJECTS"},
    {15239, "PROMPT_ANSWER_ELEMENTS"},
    {15240, "PROMPT_ANSWER_EXPRESSION"},
    {15241, "PROMPT_ANSWER_EXPRESSION_DRAFT"},
    {15242, "PROMPT_ANSWER_DIMTY"},
    {15243, "PROMPT_ANSWER_BIG_DECIMAL"},
    {15244, "PROMPT_ANSWER_INT64"},
    {15360, "PROMPT_ANSWERS"},
    {15616, "GRAPH_STYLE"},
    {15872, "CHANGE_JOURNAL_SEARCH"},
    {16128, "BLOB_UNKNOWN"},
    {16129, "BLOB_OTHER"},
    {16130, "BLOB_IMAGE"},
    {16131, "BLOB_PROJECT_PACKAGE"},
    {16132, "BLOB_EXCEL"},
    {16133, "BLOB_HTML_TEMPLATE"},
    {16384, "DASHBOARD_TEMPLATE"},
    {16640, "FLAG"},
    {16896, "CHANGE_JOURNAL"},
    {17152, "EXTERNAL_SHORTCUT_UNKNOWN"},
    {17153, "EXTERNAL_SHORTCUT_URL"},
    {17154, "EXTERNAL_SHORTCUT_SNAPSHOT"},
    {17408, "EXTERNAL_SHORTCUT_TARGET"},
    {17664, "RECONCILIATION"},
    {17920, "SYSTEM_PALETTE"},
    {17921, "CUSTOM_PALETTE"},
    {18432, "THRESHOLDS"},
    {19456, "COMMAND_MANAGER_SCRIPT"},
    {19457, "SCRIPT"},
    {19458, "JUPYTER_NOTEBOOK_SCRIPT"},
    {19459, "DATASOURCE_SCRIPT"},
    {19460, "TRANSACTION_SCRIPT"},
    {19461, "SIMPLE_FUNCTION_SCRIPT"},
    {19462, "AGGREGATION_FUNCTION_SCRIPT"},
    {19463, "AGGREGATION_FUNCTION_NO_SORT_SCRIPT"},
    {19464, "RELATIVE_FUNCTION_SCRIPT"},
    {19465, "RELATIVE_FUNCTION_NO_SORT_SCRIPT"},
    {19466, "FLOW_SCRIPT"},
    {19968, "APPLICATION"},
    {19969, "APPLICATION_POWERPOINT"},
    {19970, "APPLICATION_EXCEL"},
    {19971, "APPLICATION_TEAMS"},
    {19972, "APPLICATION_TABLEAU"},
    {19973, "APPLICATION_GOOGLE_SHEETS"},
    {19974, "APPLICATION_GOOGLE_SLIDES"},
    {20224, "TIMEZONE_SYSTEM"},
    {20225, "TIMEZONE_CUSTOM"},
    {20736, "CALENDAR_SYSTEM"},
    {20737, "CALENDAR_CUSTOM"},
    {21002, "IAM_SECRET_VAULT"},
    {21760, "INTERFACE_LANGUAGE_SYSTEM"},
    {21761, "INTERFACE_LANGUAGE_CUSTOM"},
    {22016, "WORKFLOW"},
    {23040, "NUGGETS_FILE"},
    {23042, "UNSTRUCTURED_DATA"},
    {23552, "STREAM_CHANNEL"},
    {23808, "BASELINE_TEST"},
    {23809, "COMPARISON_TEST"},
    {65281, "SUBSCRIPTION_ADDRESS"},
    {65282, "SUBSCRIPTION_CONTACT"},
    {65283, "SUBSCRIPTION_INSTANCE"},
};

constexpr NamedValue extended_type_names[] = {
    {0, "RESERVED"},
    {1, "RELATIONAL"},
    {2, "MDX"},
    {3, "CUSTOM_SQL_FREE_FORM"},
    {4, "CUSTOM_SQL_WIZARD"},
    {5, "FLAT_FILE"},
    {256, "DATA_IMPORT_GENERAL"},
    {272, "DATA_IMPORT_FILE_EXCEL"},
    {288, "DATA_IMPORT_FILE_TEXT"},
    {304, "DATA_IMPORT_CUSTOM_SQL"},
    {320, "DATA_IMPORT_TABLE"},
    {336, "DATA_IMPORT_OAUTH"},
    {337, "DATA_IMPORT_OAUTH_SFDC"},
    {338, "DATA_IMPORT_OAUTH_GDRIVE"},
    {339, "DATA_IMPORT_OAUTH_DROPBOX"},
    {341, "_"},
    {352, "DATA_IMPORT_CUSTOM_SQL_WIZARD"},
    {368, "DATA_IMPORT_SINGLE_TABLE"},
    {416, "DATA_IMPORT_SPARK"},
    {448, "DATA_IMPORT_DATASET"},
    {4096, "DATA_IMPORT_OLAP_CUBE"},
    {4097, "DATA_IMPORT_LIVE_CUBE"},
};

template <std::size_t N>
const NamedValue* find(const NamedValue (&table)[N], std::int64_t value) {
  const auto* found = std::lower_bound(std::begin(table), std::end(table), value,
                                       [](const NamedValue& entry, std::int64_t wanted) { return entry.value < wanted; });
  return found != std::end(table) && found->value == value ? found : nullptr;
}

template <std::size_t N>
std::string name_or_undefined(const NamedValue (&table)[N], std::int64_t value) {
  if (const NamedValue* found = find(table, value)) return std::string(found->name);
  return "UNDEFINED_TYPE:" + std::to_string(value);
}

constexpr NamedValue right_names[] = {
    {536870912, "INHERITABLE"}, {128, "EXECUTE"}, {64, "USE"}, {32, "CONTROL"}, {16, "DELETE"},
    {8, "WRITE"},               {4, "READ"},      {2, "USE_EXECUTE"}, {1, "BROWSE"},
};

constexpr std::uint32_t all_rights = 536870912u | 255u;

constexpr NamedValue aggregated_names[] = {
    {0, "NONE"}, {69, "CONSUME"}, {197, "VIEW"}, {221, "MODIFY"}, {255, "ALL"},
};

constexpr std::array<std::pair<Permissions, std::string_view>, 6> permission_names{{
    {Permissions::DENIED_ALL, "Denied All"},
    {Permissions::DEFAULT_ALL, "Default All"},
    {Permissions::CONSUME, "Consume"},
    {Permissions::VIEW, "View"},
    {Permissions::MODIFY, "Modify"},
    {Permissions::FULL_CONTROL, "Full Control"},
}};

}  // namespace

std::string to_string(ObjectTypes type) { return name_or_undefined(object_type_names, static_cast<std::int64_t>(type)); }
std::string to_string(ObjectSubTypes subtype) {
  return name_or_undefined(object_subtype_names, static_cast<std::int64_t>(subtype));
}
std::string to_string(ExtendedType type) { return name_or_undefined(extended_type_names, static_cast<std::int64_t>(type)); }

std::string to_string(Rights rights) {
  auto remaining = static_cast<std::uint32_t>(rights);
  if (remaining == 0) return "0";
  std::string text;
  for (const NamedValue& right : right_names) {
    const auto bit = static_cast<std::uint32_t>(right.value);
    if ((remaining & bit) == 0) continue;
    if (!text.empty()) text += '|';
    text += right.name;
    remaining &= ~bit;
  }
  if (remaining != 0) {
    char unnamed[16];
    std::snprintf(unnamed, sizeof unnamed, "0x%x", static_cast<unsigned>(remaining));
    if (!text.empty()) text += '|';
    text += unnamed;
  }
  return text;
}

std::string to_string(AggregatedRights rights) {
  if (const NamedValue* found = find(aggregated_names, static_cast<std::int64_t>(rights))) return std::string(found->name);
  return to_string(to_rights(rights));
}

std::string to_string(Permissions permissions) {
  for (const auto& [value, name] : permission_names) {
    if (value == permissions) return std::string(name);
  }
  return "UNDEFINED_PERMISSIONS:" + std::to_string(static_cast<int>(permissions));
}

std::optional<Permissions> permissions_from_string(std::string_view name) {
  for (const auto& [value, display] : permission_names) {
    if (display == name) return value;
  }
  return std::nullopt;
}

template <>
bool contains<ObjectTypes>(std::int64_t raw) noexcept { return find(object_type_names, raw) != nullptr; }
template <>
bool contains<ObjectSubTypes>(std::int64_t raw) noexcept { return find(object_subtype_names, raw) != nullptr; }
template <>
bool contains<ExtendedType>(std::int64_t raw) noexcept { return find(extended_type_names, raw) != nullptr; }
template <>
bool contains<Rights>(std::int64_t raw) noexcept {
  return raw >= 0 && raw <= all_rights && (static_cast<std::uint32_t>(raw) & ~all_rights) == 0;
}
template <>
bool contains<AggregatedRights>(std::int64_t raw) noexcept { return find(aggregated_names, raw) != nullptr; }
template <>
bool contains<Permissions>(std::string_view raw) noexcept { return permissions_from_string(raw).has_value(); }

}  // namespace mstr
