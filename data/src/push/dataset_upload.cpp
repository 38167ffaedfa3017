#include "push/dataset_upload.hpp"

#include "push/column_values.hpp"
#include "push/publish_status.hpp"

#include <Poco/Base64Encoder.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <mstr/sdk/errors.hpp>

#include <algorithm>
#include <sstream>
#include <thread>

namespace mstr::internal {
namespace {

std::string base64(const std::string& bytes) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out);
  encoder.rdbuf()->setLineLength(0);
  encoder << bytes;
  encoder.close();
  return out.str();
}

class UploadSession {
 public:
  UploadSession(Session& session, std::string dataset_id, const PushOptions& options)
      : session_(session), dataset_id_(std::move(dataset_id)) {
    request_.project_id = options.project_id;
  }

  // An existing session, to publish what it holds.
  void resume(std::string id) { id_ = std::move(id); }

  void open(const std::vector<TableUpload>& uploads) {
    Poco::JSON::Array::Ptr tables = new Poco::JSON::Array;
    for (const auto& upload : uploads) {
      Poco::JSON::Array::Ptr names = new Poco::JSON::Array;
      for (const auto& column : upload.table->columns) names->add(column.name);
      Poco::JSON::Object::Ptr table = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
      table->set("name", upload.table->table_name);
      table->set("updatePolicy", std::string(to_string(upload.table->policy)));
      table->set("columnHeaders", names);
      tables->add(table);
    }
    Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
    body->set("tables", tables);

    RequestOptions request = request_;
    request.json = Poco::Dynamic::Var(body);
    const Response response = session_.post(dataset_path() + "/uploadSessions", request);
    const Poco::Dynamic::Var reply = response.json();
    if (reply.type() == typeid(Poco::JSON::Object::Ptr)) {
      auto object = reply.extract<Poco::JSON::Object::Ptr>();
      if (object && object->has("uploadSessionId") && object->get("uploadSessionId").isString()) {
        id_ = object->get("uploadSessionId").extract<std::string>();
      }
    }
    if (id_.empty()) {
      throw Error("the server opened no upload session for dataset " + dataset_id_ + ": its reply (" +
                  response.url() + ") carries no \"uploadSessionId\"");
    }
  }

  void put_chunk(const std::string& table_name, std::uint64_t index, const std::string& rows_json) {
    Poco::JSON::Object::Ptr body = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    body->set("tableName", table_name);
    body->set("index", static_cast<Poco::UInt64>(index));
    body->set("data", base64(rows_json));
    RequestOptions request = request_;
    request.json = Poco::Dynamic::Var(body);
    session_.put(session_path(), request);
  }

  void publish() { session_.post(session_path() + "/publish", request_); }

  PublishStatus status() {
    return read_publish_status(session_.get(session_path() + "/publishStatus", request_).json());
  }

  // Best effort: the error being reported matters more than a failed cancel.
  void cancel() noexcept {
    if (id_.empty()) return;
    try {
      RequestOptions request = request_;
      request.allow_error_status = true;
      session_.del(session_path(), request);
    } catch (...) {
    }
  }

  const std::string& id() const { return id_; }

 private:
  std::string dataset_path() const { return "datasets/" + dataset_id_; }
  std::string session_path() const { return dataset_path() + "/uploadSessions/" + id_; }

  Session& session_;
  std::string dataset_id_;
  RequestOptions request_;
  std::string id_;
};

// Appends `row` to the JSON array text `out`; false after reporting a bad row through `bad_row`.
void append_row(std::string& out, const std::vector<std::string>& row,
                const std::vector<DatasetColumn>& columns, std::uint64_t row_number, const BadRow& bad_row) {
  if (row.size() != columns.size()) {
    bad_row(row_number, "the row has " + std::to_string(row.size()) + " values but the table has " +
                            std::to_string(columns.size()) + " columns");
  }
  out += out.size() > 1 ? ",[" : "[";
  for (std::size_t i = 0; i < row.size(); ++i) {
    if (i > 0) out += ',';
    if (!append_json_value(out, row[i], columns[i].type)) {
      // The value may be anything, so only its column and type are named.
      bad_row(row_number, "the value in column '" + columns[i].name + "' is not a " +
                              std::string(to_string(columns[i].type)) +
                              " (see the type rules in docs/data-push.md)");
    }
  }
  out += ']';
}

[[noreturn]] void past_deadline(const std::string& dataset_id, const std::string& what) {
  throw TimeoutError("the push to dataset " + dataset_id + " passed its deadline " + what);
}

void wait_for_publish(UploadSession& upload, const std::string& dataset_id, const PushOptions& options) {
  using Clock = std::chrono::steady_clock;
  auto deadline = Clock::now() + options.publish_timeout;
  const bool bound_by_deadline = options.deadline && *options.deadline < deadline;
  if (bound_by_deadline) deadline = *options.deadline;
  auto wait = std::max(options.poll_interval, std::chrono::milliseconds(1));
  for (;;) {
    const PublishStatus status = upload.status();
    if (status.state == PublishState::done) return;
    if (status.state == PublishState::failed) {
      throw DatasetPublishError("the publish of dataset " + dataset_id + " failed (publishStatus " +
                                    status.text + ", upload session " + upload.id() + ")",
                                false);
    }
    const auto now = Clock::now();
    if (now >= deadline) {
      if (bound_by_deadline) past_deadline(dataset_id, "while its publish was running (upload session " + upload.id() + ")");
      throw DatasetPublishError("the publish of dataset " + dataset_id + " did not finish within " +
                                    std::to_string(options.publish_timeout.count()) +
                                    " ms (last publishStatus " +
                                    (status.text.empty() ? std::string("none") : status.text) +
                                    ", upload session " + upload.id() + ")",
                                true);
    }
    std::this_thread::sleep_for(std::min<Clock::duration>(wait, deadline - now));
    wait = std::min(wait * 2, std::max(options.max_poll_interval, options.poll_interval));
  }
}

// Uploads one table's rows in chunks; adds to `result` and `progress`.
void upload_table(UploadSession& upload, const std::string& dataset_id, const TableUpload& table,
                  const PushOptions& options, PushResult& result, PushProgress& progress) {
  const std::string& table_name = table.table->table_name;
  const auto& columns = table.table->columns;
  std::vector<std::string> row;
  bool more = true;
  std::uint64_t rows = 0;
  std::uint64_t chunks = 0;
  progress.table = table_name;
  // At least one chunk, so a header-only file still replaces a table's rows with none.
  while (more || chunks == 0) {
    if (options.deadline && std::chrono::steady_clock::now() >= *options.deadline) {
      past_deadline(dataset_id, "after " + std::to_string(result.rows) + " rows in " + std::to_string(result.chunks) +
                                    " chunks (table '" + table_name + "')");
    }
    std::string chunk = "[";
    std::size_t in_chunk = 0;
    while (in_chunk < options.chunk_rows && (more = table.table->rows(row))) {
      append_row(chunk, row, columns, rows + in_chunk + 1, table.bad_row);
      ++in_chunk;
    }
    chunk += ']';
    if (in_chunk == 0 && chunks > 0) break;
    const std::uint64_t index = chunks + 1;
    try {
      upload.put_chunk(table_name, index, chunk);
    } catch (...) {
      upload.cancel();
      std::string what = "unknown error";
      try {
        throw;
      } catch (const std::exception& error) {
        what = error.what();
      } catch (...) {
      }
      const std::string rows_text = in_chunk == 0 ? "no rows"
                                                  : "rows " + std::to_string(rows + 1) + "-" +
                                                        std::to_string(rows + in_chunk);
      throw DatasetUploadError("uploading chunk " + std::to_string(index) + " (" + rows_text + ") of table '" +
                                   table_name + "' to dataset " + dataset_id + " failed, so upload session " +
                                   upload.id() + " was cancelled: " + what,
                               index, std::current_exception());
    }
    rows += in_chunk;
    chunks = index;
    result.rows += in_chunk;
    result.chunks += 1;
    progress.rows_uploaded = result.rows;
    progress.chunks_uploaded = result.chunks;
    if (options.on_progress) options.on_progress(progress);
  }
}

}  // namespace

PushResult upload_and_publish(Session& session, const std::string& dataset_id, const std::vector<TableUpload>& tables,
                              const PushOptions& options) {
  if (tables.empty()) throw ConfigurationError("a push to dataset " + dataset_id + " needs at least one table");
  for (const auto& table : tables) {
    if (table.table->columns.empty()) {
      throw ConfigurationError("table '" + table.table->table_name + "' needs at least one column");
    }
  }
  if (options.chunk_rows == 0) throw ConfigurationError("PushOptions::chunk_rows must be at least 1");
  UploadSession upload(session, dataset_id, options);
  upload.open(tables);

  PushResult result;
  result.dataset_id = dataset_id;
  PushProgress progress;
  try {
    for (const auto& table : tables) upload_table(upload, dataset_id, table, options, result, progress);
    if (!options.publish) {
      result.upload_session_id = upload.id();
      return result;
    }
    upload.publish();
    progress.publishing = true;
    if (options.on_progress) options.on_progress(progress);
    wait_for_publish(upload, dataset_id, options);
  } catch (const DatasetUploadError&) {
    throw;
  } catch (...) {
    upload.cancel();
    throw;
  }
  return result;
}

PushResult upload_and_publish(Session& session, const std::string& dataset_id, const std::string& table_name,
                              const std::vector<DatasetColumn>& columns, UpdatePolicy policy,
                              const RowSource& rows, const PushOptions& options, const BadRow& bad_row) {
  const TableRows table{table_name, columns, policy, rows};
  return upload_and_publish(session, dataset_id, {TableUpload{&table, bad_row}}, options);
}

}  // namespace mstr::internal

namespace mstr {

PushResult push_rows(Session& session, const std::string& dataset_id, const std::string& table_name,
                     const std::vector<DatasetColumn>& columns, UpdatePolicy policy, const RowSource& rows,
                     const PushOptions& options) {
  return internal::upload_and_publish(session, dataset_id, table_name, columns, policy, rows, options,
                                      [](std::uint64_t row_number, const std::string& problem) {
                                        throw Error("row " + std::to_string(row_number) + ": " + problem);
                                      });
}

PushResult push_tables(Session& session, const std::string& dataset_id, const std::vector<TableRows>& tables,
                       const PushOptions& options) {
  std::vector<internal::TableUpload> uploads;
  for (const auto& table : tables) {
    const std::string name = table.table_name;
    uploads.push_back({&table, [name](std::uint64_t row_number, const std::string& problem) {
                         throw Error("table '" + name + "', row " + std::to_string(row_number) + ": " + problem);
                       }});
  }
  return internal::upload_and_publish(session, dataset_id, uploads, options);
}

void publish_dataset(Session& session, const std::string& dataset_id, const std::string& upload_session_id,
                     bool wait, const PushOptions& options) {
  if (upload_session_id.empty()) throw ConfigurationError("publishing dataset " + dataset_id + " needs its upload session id");
  internal::UploadSession upload(session, dataset_id, options);
  upload.resume(upload_session_id);
  upload.publish();
  if (wait) internal::wait_for_publish(upload, dataset_id, options);
}

}  // namespace mstr
