// The workload score (include/gridgov/model/workload.hpp).
#include "gridgov/model/workload.hpp"

#include <cmath>
#include <string>

#include "gridgov/core/errors.hpp"
#include "gridgov/core/messages.hpp"
#include "gridgov/model/model.hpp"

namespace gridgov {

const WorkloadWeights& default_workload_weights() {
  static const WorkloadWeights weights = {
      {"households", 1.0}, {"elderly_alone", 0.5}, {"disabled", 0.5}, {"key_person", 1.0}, {"renter", 0.2}};
  return weights;
}

namespace {

bool has_numeric_column(const Model& model, Kind kind, std::string_view name) {
  const Column* c = model.column(kind, name);
  return c != nullptr && c->is_numeric();
}

}  // namespace

WorkloadWeights available_workload_weights(const Model& model) {
  WorkloadWeights out;
  const bool households = model.count(Kind::household) > 0;
  for (const auto& term : default_workload_weights())
    if (term.attribute == "households" || has_numeric_column(model, Kind::building, term.attribute) ||
        (households && has_numeric_column(model, Kind::household, term.attribute)))
      out.push_back(term);
  return out;
}

std::vector<double> workload(const Model& model, const WorkloadWeights& weights, Kind kind) {
  const auto [begin, end] = model.kind_range(kind);
  const auto n = static_cast<std::size_t>(end - begin);
  std::vector<double> score(n, 0.0);
  const bool has_households = model.count(Kind::household) > 0;
  for (const auto& term : weights) {
    if (!std::isfinite(term.weight) || term.weight < 0)
      throw InputError(messages::format("workload.weight_value",
                                        {{"attribute", term.attribute}, {"weight", std::to_string(term.weight)}}));
    if (term.weight == 0) continue;
    std::vector<double> values;
    if (term.attribute == "households" && has_households) {
      const auto counts = model.count_descendants(Kind::household);
      values.assign(counts.begin() + begin, counts.begin() + end);
    } else if (has_numeric_column(model, kind, term.attribute)) {
      values = model.numeric(kind, term.attribute);
      for (double& v : values)
        if (std::isnan(v)) v = 0;
    } else if (has_households && has_numeric_column(model, Kind::household, term.attribute)) {
      const auto sums = model.aggregate(Kind::household, term.attribute);
      values.assign(sums.begin() + begin, sums.begin() + end);
    } else if (term.attribute == "households") {
      values.assign(n, 0.0);
    } else {
      throw UnknownCodeError(messages::format("workload.weight_unknown",
                                              {{"attribute", term.attribute},
                                               {"kind", messages::kind(std::string(kind_name(kind)))}}));
    }
    for (std::size_t i = 0; i < n; ++i) score[i] += term.weight * values[i];
  }
  return score;
}

}  // namespace gridgov
