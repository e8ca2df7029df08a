#include "app/gui/CrsChoices.h"

#include <QComboBox>
#include <QElapsedTimer>
#include <QThread>

namespace app {

void CrsChoices::addTo(QComboBox *combo)
{
  const std::pair<const char *, QString> choices[] = {
      {"EPSG:4326", tr("WGS84 longitude/latitude (EPSG:4326)")},
      {"EPSG:4490", tr("CGCS2000 geographic (EPSG:4490)")},
      {"EPSG:4549", tr("CGCS2000 / 3-degree Gauss-Kruger CM 120E (EPSG:4549)")},
      {"EPSG:4550", tr("CGCS2000 / 3-degree Gauss-Kruger CM 123E (EPSG:4550)")},
      {"EPSG:4214", tr("Beijing 1954 (EPSG:4214)")},
      {"EPSG:4610", tr("Xian 1980 (EPSG:4610)")},
  };
  for (const auto &[code, label] : choices)
    combo->addItem(label, QString::fromLatin1(code));
}

bool processEventsUntil(const std::function<bool()> &done, int timeoutMs)
{
  QElapsedTimer t;
  t.start();
  while (!done() && t.elapsed() < timeoutMs) {
    QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    QThread::msleep(2);
  }
  return done();
}

} // namespace app
