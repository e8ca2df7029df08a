#include "data/store/Store.h"

#include "data/store/EventRules.h"
#include "data/store/JsonText.h"
#include "data/store/Text.h"

#include <algorithm>

namespace data {

namespace {

// Why a role is refused, in the words of the role rules (DESIGN.md).
std::string refusalReason(Role role, std::initializer_list<Role> allowed)
{
  if (role == Role::Leader) return "leaders have read-only access";
  if (role == Role::Engineer) return "engineers may only record progress events and attach photos";
  std::string who;
  for (Role r : allowed)
    who += (who.empty() ? "" : " and ") + std::string(roleName(r)) + "s";
  return "only " + who + " may do this";
}

} // namespace

User Store::requireRole(const std::string &actor, std::initializer_list<Role> allowed,
                        const std::string &what) const
{
  if (actor.empty()) throw StoreError(StoreError::Kind::UnknownUser, "no user given: sign in to " + what);
  const std::optional<User> u = user(actor);
  if (!u)
    throw StoreError(StoreError::Kind::UnknownUser, "unknown user '" + oneLine(actor) + "' may not " + what +
                                                        ": the project has no such user");
  if (std::find(allowed.begin(), allowed.end(), u->role) == allowed.end())
    throw StoreError(StoreError::Kind::Permission, actor + " (" + roleName(u->role) + ") may not " + what +
                                                       ": " + refusalReason(u->role, allowed));
  return *u;
}

void Store::requireOwnName(const User &actor, const std::vector<Event> &events) const
{
  for (const Event &e : events) {
    if (e.user.empty() || e.user == actor.name) continue;
    const std::optional<User> named = user(e.user);
    if (!named) continue; // appendEvent's UnknownUser check names it
    if (actor.role == Role::Engineer)
      throw StoreError(StoreError::Kind::Permission,
                       actor.name + " (engineer) may not record progress in the name of " + e.user +
                           ": engineers record progress as themselves only");
    if (named->role == Role::Leader)
      throw StoreError(StoreError::Kind::Permission,
                       actor.name + " may not record progress in the name of " + e.user +
                           " (leader): leaders read the plan and record nothing");
  }
}

void checkUser(const User &u)
{
  // A user is also a login role on a server, and PostgreSQL cuts role names at 63 bytes.
  constexpr std::size_t kMaxBytes = 63;
  const std::string shown = oneLine(u.name.substr(0, 40)) + (u.name.size() > 40 ? "…" : "");
  const std::string where = "user name '" + shown + "'";
  requireUtf8(where, "the name", u.name);
  requireNoControl(where, "the name", u.name);
  if (u.name.empty() || u.name.find(' ') != std::string::npos)
    throw StoreError(StoreError::Kind::Invalid, where + " must be non-empty and without spaces");
  if (u.name.size() > kMaxBytes)
    throw StoreError(StoreError::Kind::Invalid, where + " is too long: " + std::to_string(utf8Chars(u.name)) +
                                                    " characters in " + std::to_string(u.name.size()) +
                                                    " bytes; a user name (also a server login) has at most " +
                                                    std::to_string(kMaxBytes) +
                                                    " bytes, e.g. 63 Latin letters or 21 Chinese characters");
  requireUtf8(where, "the display name", u.displayName);
  requireNoControl(where, "the display name", u.displayName);
}

void checkMeta(const std::string &key, const std::string &value)
{
  requireUtf8("project setting", "the key", key);
  if (key.empty() || key == "application" || key == "schema_version")
    throw StoreError(StoreError::Kind::Invalid,
                     "meta key '" + oneLine(key) + "' is managed by PlanMap and cannot be set");
  requireUtf8("project setting " + oneLine(key), "the value", value);
}

void checkPlan(const PlanRecord &p, const std::vector<TargetRecord> &targets)
{
  auto invalid = [](const std::string &why) { throw StoreError(StoreError::Kind::Invalid, why); };
  if (p.id.empty()) invalid("the plan needs an id");
  const std::string plan = "plan " + oneLine(p.id);
  for (const std::string *text : {&p.id, &p.titleZh, &p.titleEn, &p.docNumber, &p.json})
    requireUtf8(plan, "the plan's text", *text);
  for (const std::string *date : {&p.startDate, &p.deadline})
    if (!date->empty() && !isIsoDate(*date))
      invalid(plan + ": '" + oneLine(*date) + "' is not a date YYYY-MM-DD");
  for (const TargetRecord &t : targets) {
    if (t.id.empty()) invalid(plan + ": a target has no id");
    const std::string target = "target " + oneLine(t.id);
    for (const std::string *text : {&t.id, &t.group, &t.nameZh, &t.nameEn, &t.unit, &t.layerId, &t.ruleJson})
      requireUtf8(target, "the target's text", *text);
    if (!targetKindFromName(t.kind)) invalid(target + ": unknown kind '" + oneLine(t.kind) + "'");
    if (!comparatorFromSymbol(t.comparator))
      invalid(target + ": comparator must be >=, <= or ==, got '" + oneLine(t.comparator) + "'");
  }
}

std::string villageLayerOf(const Store &store)
{
  if (const std::optional<PlanRecord> plan = store.plan(); plan && !plan->json.empty()) {
    try {
      const nlohmann::json doc = parseJson(plan->json);
      const auto it = doc.is_object() ? doc.find("village_layer") : doc.end();
      if (it != doc.end() && it->is_string() && !it->get<std::string>().empty())
        return it->get<std::string>();
    } catch (const StoreError &) {
      // A plan text that does not parse names no village layer; the default below still holds.
    }
  }
  return store.layer("villages") ? "villages" : "";
}

} // namespace data
