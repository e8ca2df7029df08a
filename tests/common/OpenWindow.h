#pragma once

#include "app/gui/MainWindow.h"
#include "tests/common/QtWait.h"

#include <QObject>

#include <optional>

namespace testutil {

// Opens `path` in `window` and runs the event loop until the open ended (the window reads a
// project on a worker and returns at once); returns whether the project is shown.
inline bool openAndWait(app::MainWindow &window, const QString &path, bool quiet = true, int ms = 600000)
{
  std::optional<bool> result;
  const QMetaObject::Connection c =
      QObject::connect(&window, &app::MainWindow::openFinished, [&result](bool ok) { result = ok; });
  if (window.openProject(path, quiet)) waitUntil([&] { return result.has_value(); }, ms);
  QObject::disconnect(c);
  return result.value_or(false);
}

} // namespace testutil
