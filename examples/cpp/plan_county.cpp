#include <gridgov/gridgov.hpp>

#include <iostream>
#include <string>

int main() {
  namespace gg = gridgov;

  // 1. The built-in county redrawn into 238 residential grids, then staffed.
  gg::Model county = gg::datasets::seed_county(0);
  gg::planning::DrawOptions draw;  // defaults: every community, 300-500 households, tol 0.05, seed 0
  draw.k = 238;                    // total residential grids, spread over the communities
  gg::planning::GridPlan plan = gg::planning::draw_grids(county, draw);
  gg::Model redrawn = plan.apply();
  gg::planning::Staffing staff = gg::planning::assign_workers(redrawn, gg::planning::StaffingOptions{});

  // 2. The routing policy through its JSON form, a month of events, the indicators.
  const std::string json = gg::escalation::EscalationPolicy::standard().to_json();
  gg::escalation::EscalationPolicy policy = gg::escalation::EscalationPolicy::from_json(json);
  gg::escalation::SimulationParams params;
  params.days = 30;
  params.seed = 0;
  gg::escalation::SimulationResult month = gg::escalation::simulate(redrawn, policy, params);
  gg::escalation::Evaluation eval = gg::escalation::evaluate(redrawn, policy, month);

  // 3. One household's dispute, routed and explained.
  gg::escalation::Route route =
      gg::escalation::route(redrawn, policy, redrawn.nodes(gg::Kind::household).front(), "ZZ01");

  // 4. A planner's own buildings given as columns (Baidu BD-09 coordinates), into a model, grids drawn.
  gg::ingest::BuildingTable table;
  for (int c = 0; c < 2; ++c)
    for (int i = 0; i < 60; ++i) {
      table.building.push_back("B" + std::to_string(c) + "-" + std::to_string(i));
      table.community.push_back("community " + std::to_string(c));
      table.lon.push_back(113.650 + 0.006 * c + 0.0004 * (i % 8));
      table.lat.push_back(34.760 + 0.0004 * (i / 8));
      table.households.push_back(40 + (i * 7) % 50);
    }
  gg::Model own = gg::ingest::from_buildings(table, gg::ingest::Crs::bd09);
  gg::planning::GridPlan own_plan = gg::planning::draw_grids(own, gg::planning::DrawOptions{});

  std::cout << "grids=" << plan.grid_count() << "\n"
            << "households=" << redrawn.summary().at("households") << "\n"
            << "fulltime_assigned=" << staff.assigned_fulltime() << "\n"
            << "events=" << month.event_count() << "\n"
            << "closure_rate=" << eval.kpis.at("closure_rate") << "\n"
            << "route_steps=" << route.steps.size() << "\n"
            << "route_reason=" << route.steps.front().reason << "\n"
            << "own_households=" << own.summary().at("households") << "\n"
            << "own_grids=" << own_plan.grid_count() << "\n";
}
