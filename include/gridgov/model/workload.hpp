// The workload score: a weighted sum of a node's attributes (households, the people who need
// visits), which grids are balanced on and part-time workers are shared out by.
#pragma once

#include <string>
#include <vector>

#include "gridgov/model/kinds.hpp"

namespace gridgov {

class Model;

/// One term of a workload score: an attribute and its weight (finite, >= 0).
///
/// The attribute is `households` (household nodes in the node's subtree; a node's own
/// `households` column where the model has no household nodes), a numeric attribute of the
/// node's own kind, or a household attribute summed over its subtree (`elderly_alone` ...).
struct WorkloadTerm {
  std::string attribute;
  double weight = 1.0;
};

using WorkloadWeights = std::vector<WorkloadTerm>;

/// The default score per building: households 1, elderly_alone 0.5, disabled 0.5, key_person 1,
/// renter 0.2 (care for the elderly, disabled and key persons takes more visits; docs/model.md).
[[nodiscard]] const WorkloadWeights& default_workload_weights();

/// The default terms whose attribute the model has (households always): a planner's model may
/// know households but no special-care flags.
[[nodiscard]] WorkloadWeights available_workload_weights(const Model& model);

/// The score of every node of `kind`, in id order. Throws InputError for a weight that is not
/// finite and >= 0, UnknownCodeError for an attribute neither the kind nor households have.
[[nodiscard]] std::vector<double> workload(const Model& model, const WorkloadWeights& weights,
                                           Kind kind = Kind::building);

}  // namespace gridgov
