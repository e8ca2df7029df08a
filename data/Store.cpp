#include "data/Store.h"

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
    throw StoreError(StoreError::Kind::UnknownUser,
                     "unknown user '" + actor + "' may not " + what + ": the project has no such user");
  if (std::find(allowed.begin(), allowed.end(), u->role) == allowed.end())
    throw StoreError(StoreError::Kind::Permission, actor + " (" + roleName(u->role) + ") may not " + what +
                                                       ": " + refusalReason(u->role, allowed));
  return *u;
}

void Store::requireOwnName(const User &actor, const std::vector<Event> &events) const
{
  if (actor.role != Role::Engineer) return;
  for (const Event &e : events)
    if (!e.user.empty() && e.user != actor.name && user(e.user))
      throw StoreError(StoreError::Kind::Permission,
                       actor.name + " (engineer) may not record progress in the name of " + e.user +
                           ": engineers record progress as themselves only");
}

} // namespace data
