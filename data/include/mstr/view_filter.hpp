#pragma once
// What an instance asks the server for besides the whole report or cube: some attributes and metrics
// (`requestedObjects`) and the rows of some attribute elements (`viewFilter`), built as typed values
// and turned into the JSON the server takes (library-data-api.md section 11).
//
//   mstr::ReadOptions options;
//   options.requested_objects = mstr::RequestedObjects{{region_id}, {revenue_id}}.to_json();
//   options.view_filter = mstr::ViewFilter::all_of({
//       mstr::ViewFilter::in(region_id, {region_id + ":1", region_id + ":4"}),
//       mstr::ViewFilter::not_in(category_id, {category_id + ":2"})}).to_json();
//
// The filter is applied on the server, before the requested objects are aggregated, so it may name
// an attribute that is not requested. Element ids are passed through as given, in either of the
// server's spellings: "ATTRID:KEY" (as element lists give them) or "hKEY;ATTRID" (as grids do).

#include <Poco/Dynamic/Var.h>

#include <string>
#include <vector>

namespace mstr {

// The columns to ask for. The server answers with the requested ones in its own order; leaving an
// attribute out sums the rows that then look alike, and no attributes at all gives one row of totals.
struct RequestedObjects {
  std::vector<std::string> attribute_ids;
  std::vector<std::string> metric_ids;

  // {"attributes":[{"id":...}],"metrics":[{"id":...}]}
  Poco::Dynamic::Var to_json() const;
};

// A view filter: In and NotIn on one attribute's elements, combined with And, Or and Not.
class ViewFilter {
 public:
  // Rows whose `attribute_id` element is one of `element_ids`. Throws ConfigurationError for an empty
  // list, or an element id that names another attribute.
  static ViewFilter in(std::string attribute_id, std::vector<std::string> element_ids);
  // Rows whose `attribute_id` element is none of `element_ids`.
  static ViewFilter not_in(std::string attribute_id, std::vector<std::string> element_ids);
  // Rows every one of `filters` keeps (And); one filter is itself. Throws ConfigurationError when empty.
  static ViewFilter all_of(std::vector<ViewFilter> filters);
  // Rows any one of `filters` keeps (Or); one filter is itself.
  static ViewFilter any_of(std::vector<ViewFilter> filters);
  // Rows `filter` drops (Not).
  static ViewFilter negate(ViewFilter filter);

  // The viewFilter tree, e.g. {"operator":"In","operands":[{"type":"attribute","id":...},
  // {"type":"elements","elements":[{"id":...}]}]}.
  Poco::Dynamic::Var to_json() const;

 private:
  enum class Op { in, not_in, and_, or_, not_ };
  ViewFilter(Op op, std::string attribute_id, std::vector<std::string> element_ids, std::vector<ViewFilter> operands);

  Op op_;
  std::string attribute_id_;
  std::vector<std::string> element_ids_;
  std::vector<ViewFilter> operands_;
};

}  // namespace mstr
