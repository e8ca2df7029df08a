#pragma once

#include <QCoreApplication>
#include <QString>

#include <functional>

class QComboBox;

namespace app {

// The coordinate systems a user in China names when a file comes in or goes out: WGS84, CGCS2000
// geographic, its two 3-degree Gauss-Krüger zones over Shanghai, Beijing 1954 and Xian 1980. One
// list, with its labels in the UI language, for the import wizard and the export dialog.
class CrsChoices
{
  Q_DECLARE_TR_FUNCTIONS(CrsChoices)

public:
  // Appends one item per named system to `combo`: label as text, "EPSG:nnnn" as item data.
  static void addTo(QComboBox *combo);
};

// Runs the GUI thread's event loop until `done()` or `timeoutMs` have passed; true when done. For
// dialogs whose worker reports back through queued signals (callers and tests wait with it).
bool processEventsUntil(const std::function<bool()> &done, int timeoutMs);

} // namespace app
