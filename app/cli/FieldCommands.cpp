// planmap-cli track: GPS track → proposed river stretches (written only with --apply).
#include "app/cli/Cli.h"
#include "app/cli/Output.h"

#include "layers/TrackMatcher.h"

#include <iostream>

namespace app::cli {

namespace {

int cmdTrack(const Args &args)
{
  args.allowOnly({"--user", "--distance", "--min-length", "--apply", "--date", "--note"}, 2);
  const std::string path = args.positional(0, "PROJECT");
  const std::string trackPath = args.positional(1, "FILE.gpx (the GPS track)");
  const std::string user = args.required("--user");
  layers::TrackOptions options;
  // Metres: a GPS fix is good to a few metres; a corridor wider than 10 km matches nothing real.
  options.distanceM = args.number("--distance", 0.1, 10000).value_or(options.distanceM);
  options.minLengthM = args.number("--min-length", 0, 1e7).value_or(options.minLengthM);
  const std::string date = checkedDate(args.value("--date").value_or(today()), "--date");

  auto store = data::openProject(path);
  // Refuse early, before reading the track, when the user may not write what --apply would write.
  if (args.has("--apply"))
    store->requireRole(user, {data::Role::Planner, data::Role::Engineer}, "mark stretches from a GPS track");
  else if (!store->user(user))
    throw data::StoreError(data::StoreError::Kind::UnknownUser,
                           path + ": no user '" + user + "' in the project");

  const auto track = layers::readTrack(trackPath);
  std::vector<data::Feature> lines;
  for (const auto &layer : store->layers())
    if (layer.tracked && layer.geometryType == "LineString")
      for (auto &f : store->features(layer.id))
        lines.push_back(std::move(f));
  const auto proposals = layers::TrackMatcher(lines, options).match(track);

  Table table({"id", "code", "name", "from_m", "to_m", "length_m"}, {true, false, false, true, true, true});
  double total = 0;
  for (const auto &p : proposals) {
    table.add({std::to_string(p.featureId), p.code, p.name, fixed(p.fromM, 1), fixed(p.toM, 1),
               fixed(p.lengthM(), 1)});
    total += p.lengthM();
  }
  std::cout << proposals.size() << " stretch(es), " << fixed(total, 1) << " m, followed within "
            << fixed(options.distanceM, 1) << " m for at least " << fixed(options.minLengthM, 1) << " m\n";
  if (!proposals.empty()) std::cout << table.str();
  if (!args.has("--apply")) {
    if (!proposals.empty())
      std::cout << "nothing written (add --apply to mark these stretches done on " << date << ")\n";
    return 0;
  }
  std::vector<data::Event> events;
  for (const auto &p : proposals) {
    data::Event e;
    e.featureId = p.featureId;
    e.kind = data::EventKind::Stretch;
    e.status = data::Status::Completed;
    e.fromM = p.fromM;
    e.toM = p.toM;
    e.date = date;
    e.user = user;
    e.note = args.value("--note").value_or("GPS track " + trackPath);
    events.push_back(std::move(e));
  }
  const auto stored = store->appendEvents(user, events);
  std::cout << "marked " << stored.size() << " stretch(es) done on " << date << " by " << user << "\n";
  return 0;
}

} // namespace

std::vector<Command> fieldCommands()
{
  return {
      {"track",
       "track PROJECT --user NAME FILE.gpx [--distance M] [--min-length M] [--apply] [--date YYYY-MM-DD] "
       "[--note TEXT]",
       {"--apply"},
       cmdTrack},
  };
}

} // namespace app::cli
