#pragma once

#include <QApplication>

namespace app {

// The wait cursor for work done on the GUI thread, restored however the work ends.
struct BusyCursor
{
  BusyCursor() { QApplication::setOverrideCursor(Qt::WaitCursor); }
  ~BusyCursor() { QApplication::restoreOverrideCursor(); }
  BusyCursor(const BusyCursor &) = delete;
  BusyCursor &operator=(const BusyCursor &) = delete;
};

} // namespace app
