// A long report read under faults: the session expires between pages (the re-login heals it and the
// forgotten instance is run again), and a 500 on one page is healed by the retry policy.
#include "reliability_fixtures.hpp"

#include <test_support/mock_ids.hpp>

#include <mstr/errors.hpp>
#include <mstr/report.hpp>

#include <catch2/catch.hpp>

using namespace mstr::test;

namespace {

using namespace mstr::test::mock_ids;

mstr::mock::MockServerOptions thousand_rows() {
  auto options = mstr::mock::MockServerOptions::defaults();
  options.generated_report_rows = 1000;
  return options;
}

mstr::ReadOptions pages_of_100(int parallel) {
  mstr::ReadOptions options;
  options.project_id = kTutorialId;
  options.page_size = 100;
  options.parallel = parallel;
  return options;
}

// Every row in order: the generated report's first form is "Store <row % 100>".
bool rows_in_order(const std::vector<mstr::Row>& rows) {
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (std::get<std::string>(rows[i][0]) != "Store " + std::to_string(i % 100)) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("A session that expires in the middle of paging heals and the read completes", "[data][reliability]") {
  MockServerFixture mock(thousand_rows());
  const int parallel = GENERATE(1, 4);
  auto auth = mstr::AuthenticatedSession::open(analyst_config(mock));
  std::vector<mstr::Row> rows;
  bool expired = false;
  mstr::Report(auth.session(), kGeneratedReport).stream(pages_of_100(parallel), [&](const mstr::DataPage& page) {
    rows.insert(rows.end(), page.rows.begin(), page.rows.end());
    if (!expired && page.offset >= 300) {
      mock.server().expire_all_sessions();
      expired = true;
    }
  });
  CHECK(expired);
  CHECK(rows.size() == 1000);
  CHECK(rows_in_order(rows));
  CHECK(auth.relogin_count() == 1);
  // The instance ended with the old session, so the report ran a second time.
  CHECK(mock.server().requests_to("POST", "v2/reports/" + kGeneratedReport + "/instances") == 2);
}

TEST_CASE("A 500 on one page is healed by the retry policy", "[data][reliability]") {
  MockServerFixture mock(thousand_rows());
  auto config = analyst_config(mock);
  config.options.retry = quick_retries(3);
  auto auth = mstr::AuthenticatedSession::open(config);
  std::vector<mstr::Row> rows;
  bool failed = false;
  mstr::Report(auth.session(), kGeneratedReport).stream(pages_of_100(1), [&](const mstr::DataPage& page) {
    rows.insert(rows.end(), page.rows.begin(), page.rows.end());
    if (!failed && page.offset == 500) {
      mock.server().fail_next(1, 500);
      failed = true;
    }
  });
  CHECK(rows.size() == 1000);
  CHECK(rows_in_order(rows));
  CHECK(mock.server().requests_to("POST", "v2/reports/" + kGeneratedReport + "/instances") == 1);
}

TEST_CASE("Without retries the 500 reaches the caller as a typed error", "[data][reliability]") {
  MockServerFixture mock(thousand_rows());
  auto auth = mstr::AuthenticatedSession::open(analyst_config(mock));
  CHECK_THROWS_AS(mstr::Report(auth.session(), kGeneratedReport).stream(pages_of_100(1), [&](const mstr::DataPage& page) {
    if (page.offset == 200) mock.server().fail_next(1, 500);
  }),
                  mstr::MSTRException);
}
