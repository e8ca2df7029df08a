// planmap-cli mark | history | users | measure
#include "app/cli/Cli.h"
#include "app/cli/Output.h"
#include "data/store/AccountStore.h"
#include "layers/edit/Evidence.h"
#include "layers/report/StatusJson.h"

#include <cmath>
#include <iostream>

namespace app::cli {

namespace {

data::Feature resolveFeature(const data::Store &store, const std::string &path, const std::string &ref)
{
  std::optional<data::Feature> f;
  const bool numeric = !ref.empty() && ref.find_first_not_of("0123456789") == std::string::npos;
  if (numeric && ref.size() < 18) f = store.feature(std::stoll(ref));
  if (!f) f = store.featureByCode(ref);
  if (!f)
    throw std::runtime_error(path + ": no feature '" + ref +
                             "' (give its id or code; see planmap-cli features)");
  return *f;
}

// A chainage: metres along the line, from 0 to 10,000 km, kept to the millimetre (the store
// keeps no finer, and 1e-300 m is no stretch anyone walked).
std::optional<double> chainage(const Args &args, const std::string &option)
{
  const auto v = args.number(option, 0, 1e7);
  if (!v) return v;
  return std::round(*v * 1000) / 1000;
}

int cmdMark(const Args &args)
{
  args.allowOnly({"--user", "--feature", "--status", "--from", "--to", "--date", "--note", "--photo"}, 1);
  const std::string path = args.positional(0, "PROJECT");
  const std::string user = args.required("--user");
  const std::string featureRef = args.required("--feature");
  const std::string statusText = args.required("--status");
  const auto status = data::statusFromName(statusText);
  if (!status)
    throw UsageError("--status must be planned, in_progress, completed or accepted, got '" + statusText +
                     "'");
  const auto from = chainage(args, "--from");
  const auto to = chainage(args, "--to");
  if (from.has_value() != to.has_value())
    throw UsageError("--from and --to go together (chainages in metres along the line)");
  if (from && *to - *from < 0.001)
    throw UsageError("--to must be at least 1 mm beyond --from (a stretch from " + fixed(*from, 3) + " to " +
                     fixed(*to, 3) + " m)");
  const std::string date = checkedDate(args.value("--date").value_or(today()), "--date");
  // Photos are read before anything is written, so a bad photo leaves the project unchanged.
  std::vector<data::Attachment> photos;
  for (const auto &photoPath : args.values("--photo"))
    photos.push_back(layers::loadPhoto(photoPath));

  auto store = data::openProject(path);
  const auto feature = resolveFeature(*store, path, featureRef);
  data::Event e;
  e.featureId = feature.id;
  e.date = date;
  e.user = user;
  e.note = args.value("--note").value_or("");
  e.status = *status;
  if (from) {
    if (*status != data::Status::Completed)
      throw UsageError("--from/--to mark a finished stretch of a river: use --status completed");
    e.kind = data::EventKind::Stretch;
    e.fromM = *from;
    e.toM = *to;
  } else {
    e.kind = data::EventKind::Status;
  }
  data::Event stored;
  store->transaction([&] {
    stored = store->appendEvent(user, e);
    layers::attachPhotos(*store, user, stored.uuid, photos);
  });
  const auto after = store->feature(feature.id);
  std::cout << "marked " << feature.id << " " << feature.name << " (" << feature.layerId << ") ";
  if (from)
    std::cout << "done " << fixed(*from, 1) << "–" << fixed(*to, 1) << " m ";
  else
    std::cout << data::statusName(*status) << " ";
  std::cout << "on " << date << " by " << user << " [event " << stored.uuid << "]\n";
  if (after) {
    std::cout << "now " << data::statusName(after->status);
    if (after->lengthM > 0)
      std::cout << ", done " << fixed(after->doneM, 1) << " of " << fixed(after->lengthM, 1) << " m";
    std::cout << "\n";
  }
  for (const auto &photo : photos) {
    std::cout << "attached photo " << photo.fileName << "\n";
    for (const auto &warning : layers::photoWarnings(photo, feature, stored))
      std::cout << "warning: " << warning << "\n";
  }
  return 0;
}

int cmdHistory(const Args &args)
{
  args.allowOnly({"--feature", "--json"}, 1);
  const std::string path = args.positional(0, "PROJECT");
  auto store = data::openProject(path);
  const auto feature = resolveFeature(*store, path, args.required("--feature"));
  const auto events = store->events(feature.id);
  if (args.has("--json")) {
    std::cout << layers::dumpJson(layers::historyJson(*store, feature, events)) << "\n";
    return 0;
  }
  std::cout << feature.id << " " << feature.code << " " << feature.name << " (" << feature.layerId
            << "): now " << data::statusName(feature.status) << ", " << events.size() << " event(s)\n";
  if (auto notice = syntheticNotice(*store); !notice.empty()) std::cout << notice << "\n";
  Table table({"date", "kind", "status", "from_m", "to_m", "user", "note", "recorded"},
              {false, false, false, true, true});
  for (const auto &e : events) {
    std::string note = e.note;
    if (!e.retracts.empty()) note = "retracts " + e.retracts + (note.empty() ? "" : ": " + note);
    const auto photos = store->attachments(e.uuid);
    if (!photos.empty()) note += " [" + std::to_string(photos.size()) + " photo(s)]";
    table.add({e.date, data::eventKindName(e.kind), data::statusName(e.status),
               e.fromM ? fixed(*e.fromM, 1) : "", e.toM ? fixed(*e.toM, 1) : "", e.user, note, e.recordedAt});
  }
  std::cout << table.str();
  return 0;
}

int cmdUsers(const Args &args)
{
  const std::vector<std::string> options{"--role", "--user", "--display-name"};
  args.allowOnly(options, 3);
  const std::string path = args.positional(0, "PROJECT");
  const std::string action = args.positional(1, "action (list, add or passwd)");
  if (action == "list") args.allowOnly(options, 2);
  auto store = data::openProject(path);
  if (action == "list") {
    Table table({"name", "role", "display name"});
    for (const auto &u : store->users())
      table.add({u.name, data::roleName(u.role), u.displayName});
    std::cout << table.str();
    return 0;
  }
  if (action == "add") {
    const std::string name = args.positional(2, "NAME of the user to add");
    const std::string roleText = args.required("--role");
    const auto role = data::roleFromName(roleText);
    if (!role) throw UsageError("--role must be planner, engineer or leader, got '" + roleText + "'");
    data::User u{name, *role, args.value("--display-name").value_or(name)};
    store->addUser(args.required("--user"), u);
    std::cout << "added " << name << " (" << data::roleName(*role) << ")\n";
    return 0;
  }
  if (action == "passwd") {
    const std::string name = args.positional(2, "NAME of the user whose password to set");
    const std::string actor = args.required("--user");
    // The password comes on standard input (one line), never on the command line, where any
    // user of the machine could read it in the process list.
    std::string password;
    std::getline(std::cin, password);
    if (!password.empty() && password.back() == '\r') password.pop_back();
    data::AccountStore(*store).setPassword(actor, name, password);
    std::cout << "set the password of " << name << "\n";
    return 0;
  }
  throw UsageError("unknown users action '" + action + "' (list, add or passwd)");
}

int cmdMeasure(const Args &args)
{
  args.allowOnly({"--target", "--value", "--date", "--user", "--note"}, 1);
  const std::string path = args.positional(0, "PROJECT");
  const std::string targetId = args.required("--target");
  const auto value = args.number("--value");
  if (!value) throw UsageError("missing required option --value");
  // A measurement is of a day; today is not assumed (a figure is often entered days later).
  const std::string date = checkedDate(args.required("--date"), "--date");
  auto p = openWithPlan(path);
  const auto *t = p.plan.target(targetId);
  if (!t) throw std::runtime_error(path + ": the plan has no target '" + targetId + "'");
  if (t->kind != data::TargetKind::Indicator)
    throw std::runtime_error(path + ": target '" + targetId + "' is counted from the map (" + t->kindName() +
                             "), not measured");
  data::Measurement m;
  m.targetId = targetId;
  m.value = *value;
  m.date = date;
  m.user = args.required("--user");
  m.note = args.value("--note").value_or("");
  p.store->addMeasurement(m.user, m);
  std::cout << "measured " << targetId << " (" << t->nameZh << ") = " << shortestNumber(*value) << " "
            << t->unit << " on " << m.date << "\n";
  return 0;
}

} // namespace

std::vector<Command> progressCommands()
{
  return {
      {"mark",
       "mark PROJECT --user NAME --feature ID --status planned|in_progress|completed|accepted [--from M --to "
       "M] "
       "[--date YYYY-MM-DD] [--note TEXT] [--photo FILE.jpg]...",
       {},
       cmdMark},
      {"history", "history PROJECT --feature ID [--json]", {"--json"}, cmdHistory},
      {"users",
       "users PROJECT list | users PROJECT add NAME --role planner|engineer|leader --user ACTOR | "
       "users PROJECT passwd NAME --user ACTOR (the password on standard input)",
       {},
       cmdUsers},
      {"measure",
       "measure PROJECT --target ID --value V --date YYYY-MM-DD --user NAME [--note TEXT]",
       {},
       cmdMeasure},
  };
}

} // namespace app::cli
