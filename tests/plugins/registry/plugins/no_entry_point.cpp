// A shared object that exports a function but no mstr_plugin_entry.

extern "C" __attribute__((visibility("default"))) int mstr_test_not_a_plugin() { return 7; }
