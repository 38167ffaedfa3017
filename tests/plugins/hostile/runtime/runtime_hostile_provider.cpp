// A credential provider that takes its host down at run time, one way per build: HOSTILE_BEHAVIOUR
// is ctor_exit, ctor_abort or ctor_slow (a static constructor calls exit(0) or abort(), or takes
// 1.5 s, while the shared object loads), fetch_segv, fetch_hang or fetch_exit (fetch() segfaults, sleeps for
// a minute, or calls exit(0)). Any other locator than "boom" is answered normally, so a test can tell a
// healthy fetch from the hostile one. Each fetch logs its locator at information level.

#include <mstr/sdk/plugin.hpp>

#include <chrono>
#include <cstdlib>
#include <thread>

#define HOSTILE_ctor_exit 1
#define HOSTILE_ctor_abort 2
#define HOSTILE_fetch_segv 3
#define HOSTILE_fetch_hang 4
#define HOSTILE_fetch_exit 5
#define HOSTILE_ctor_slow 6
#define HOSTILE_CASE_OF(behaviour) HOSTILE_##behaviour
#define HOSTILE_CASE(behaviour) HOSTILE_CASE_OF(behaviour)
#define HOSTILE HOSTILE_CASE(HOSTILE_BEHAVIOUR)

namespace {

#if HOSTILE == HOSTILE_ctor_exit || HOSTILE == HOSTILE_ctor_abort
struct AtLoad {
  AtLoad() {
#if HOSTILE == HOSTILE_ctor_exit
    std::exit(0);
#else
    std::abort();
#endif
  }
};
const AtLoad at_load;
#endif

#if HOSTILE == HOSTILE_ctor_slow
struct SlowLoad {
  SlowLoad() { std::this_thread::sleep_for(std::chrono::milliseconds(1500)); }
};
const SlowLoad slow_load;
#endif

void misbehave() {
#if HOSTILE == HOSTILE_fetch_segv
  volatile int* volatile nowhere = nullptr;
  *nowhere = 1;
#elif HOSTILE == HOSTILE_fetch_hang
  // Long enough to outlast any test's timeout, short enough that an abandoned thread ends.
  std::this_thread::sleep_for(std::chrono::seconds(60));
#elif HOSTILE == HOSTILE_fetch_exit
  std::exit(0);
#endif
}

class HostileProvider final : public mstr::ICredentialProvider {
 public:
  std::vector<std::string> schemes() const override { return {HOSTILE_SCHEME}; }

  mstr::SecretValue fetch(const mstr::CredentialReference& reference,
                          const mstr::ProviderContext& context) override {
    context.logger.information("fetching " + reference.path());
    if (reference.path() == "boom") misbehave();
    return mstr::SecretValue("healthy-value");
  }
};

}  // namespace

MSTR_CREDENTIAL_PROVIDER_PLUGIN(HostileProvider, HOSTILE_SCHEME, "0.1.0",
                                "misbehaves at run time (tests only)", HOSTILE_SCHEME)
