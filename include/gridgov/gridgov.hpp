// gridgov: everything in one include.
#pragma once

#include "gridgov/version.hpp"
#include "gridgov/core/csr.hpp"
#include "gridgov/core/errors.hpp"
#include "gridgov/core/ids.hpp"
#include "gridgov/core/random.hpp"
#include "gridgov/model/columns.hpp"
#include "gridgov/model/io.hpp"
#include "gridgov/model/kinds.hpp"
#include "gridgov/model/model.hpp"
#include "gridgov/datasets/band_cut.hpp"
#include "gridgov/datasets/seed_county.hpp"
#include "gridgov/escalation/policy.hpp"
#include "gridgov/escalation/work_clock.hpp"
#include "gridgov/escalation/router.hpp"
#include "gridgov/escalation/lifecycle.hpp"
#include "gridgov/escalation/simulate.hpp"
