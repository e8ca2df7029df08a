#include "app/gui/Application.h"

#include <QException>
#include <QMetaObject>

#include <cstdio>
#include <exception>

namespace app {

Application::Application(int &argc, char **argv)
    : QApplication(argc, argv)
{
}

bool Application::notify(QObject *receiver, QEvent *event)
{
  try {
    return QApplication::notify(receiver, event);
  } catch (...) {
    report(currentExceptionMessage());
  }
  return false;
}

void Application::report(const QString &message)
{
  std::fprintf(stderr, "planmap: %s\n", qPrintable(message));
  // Shown after the event that threw is left: a message box's own event loop must not run inside
  // the half-unwound handler.
  QMetaObject::invokeMethod(
      this, [this, message] { emit unexpectedError(message); }, Qt::QueuedConnection);
}

QString currentExceptionMessage()
{
  try {
    throw;
  } catch (const QUnhandledException &e) {
    if (e.exception()) try {
        std::rethrow_exception(e.exception());
      } catch (const std::exception &inner) {
        return QString::fromUtf8(inner.what());
      } catch (...) {
      }
    return Application::tr("unknown error in a worker");
  } catch (const std::exception &e) {
    return QString::fromUtf8(e.what());
  } catch (...) {
    return Application::tr("unknown error");
  }
}

} // namespace app
