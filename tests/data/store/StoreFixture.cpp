#include "tests/data/store/StoreFixture.h"

#include <sstream>

namespace testdata {

std::string snapshot(const data::Store &s)
{
  std::ostringstream out;
  for (const auto &[k, v] : std::map<std::string, std::string>{{"title", s.meta("title")}})
    out << "meta " << k << '=' << v << '\n';
  for (const data::User &u : s.users())
    out << "user " << u.name << ' ' << data::roleName(u.role) << ' ' << u.displayName << '\n';
  for (const data::LayerDef &l : s.layers()) {
    out << "layer " << l.id << ' ' << l.geometryType << ' ' << l.fields.size() << '\n';
    for (const data::Feature &f : s.features(l.id))
      out << "feature " << f.id << ' ' << f.code << ' ' << f.name << ' '
          << data::attributesToJson(f.attributes) << ' ' << data::statusName(f.status) << ' ' << f.doneM
          << ' ' << f.lengthM << ' ' << f.areaM2 << ' ' << f.version << ' ' << f.geometry.toWkt(17) << '\n';
  }
  for (const data::Event &e : s.allEvents()) {
    out << "event " << e.id << ' ' << e.uuid << ' ' << e.featureId << ' ' << data::eventKindName(e.kind)
        << ' ' << data::statusName(e.status) << ' ' << e.fromM.value_or(-1) << ' ' << e.toM.value_or(-1)
        << ' ' << e.date << ' ' << e.user << ' ' << e.note << ' ' << e.retracts << '\n';
    out << "attachments " << s.attachments(e.uuid).size() << '\n';
  }
  for (const data::Measurement &m : s.measurements())
    out << "measurement " << m.uuid << ' ' << m.targetId << ' ' << m.value << '\n';
  if (const auto p = s.plan()) out << "plan " << p->id << ' ' << p->json << '\n';
  for (const data::TargetRecord &t : s.targets())
    out << "target " << t.id << ' ' << t.goal << '\n';
  return out.str();
}

} // namespace testdata
