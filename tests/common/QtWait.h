#pragma once

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QThread>

namespace testutil {

// Runs the event loop until `done` or the time is up; returns `done()` (GUI tests, without the Qt
// Test module).
template <class F> bool waitUntil(F done, int ms = 60000)
{
  QElapsedTimer t;
  t.start();
  while (!done() && t.elapsed() < ms) {
    QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    QThread::msleep(5);
  }
  return done();
}

} // namespace testutil
