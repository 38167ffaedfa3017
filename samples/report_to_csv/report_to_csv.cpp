// mstr-report-to-csv: run a report and stream its rows to a CSV file in constant memory.
//
//   mstr-report-to-csv BASE_URL PROJECT_ID REPORT_ID OUT.csv
//
// The user name and password come from MSTR_USERNAME and MSTR_PASSWORD (as env: references,
// resolved when the session logs in). Pages are fetched four at a time and written in order; a
// progress line goes to stderr. Build it against an installed SDK with find_package(mstr-rest
// CONFIG) and target mstr::data.

#include <mstr/authenticated_session.hpp>
#include <mstr/data_writers.hpp>
#include <mstr/errors.hpp>
#include <mstr/report.hpp>

#include <fstream>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
  if (argc != 5) {
    std::cerr << "usage: mstr-report-to-csv BASE_URL PROJECT_ID REPORT_ID OUT.csv\n";
    return 2;
  }
  try {
    mstr::AuthConfig config;
    config.base_url = mstr::Credential::value(std::string(argv[1]));
    config.username = mstr::Credential::reference("env:MSTR_USERNAME");
    config.password = mstr::Credential::reference("env:MSTR_PASSWORD");
    auto session = mstr::AuthenticatedSession::open(std::move(config));

    std::ofstream file(argv[4], std::ios::binary);
    if (!file) {
      std::cerr << "mstr-report-to-csv: cannot write " << argv[4] << '\n';
      return 1;
    }
    mstr::CsvWriter csv(file);
    mstr::ReadOptions options;
    options.project_id = argv[2];
    const auto summary = mstr::Report(session.session(), argv[3]).stream_view(options, [&](const mstr::PageView& page) {
      csv.write(page);
      std::cerr << "rows " << page.offset() + page.row_count() << " of " << page.total() << '\n';
    });
    std::cout << "Wrote " << summary.rows << " rows in " << summary.pages << " pages to " << argv[4] << '\n';
    return 0;
  } catch (const mstr::Error& error) {
    std::cerr << "mstr-report-to-csv: " << error.what() << '\n';
    return 1;
  }
}
