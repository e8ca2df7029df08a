#pragma once

#include <QApplication>

namespace app {

// The desktop program's QApplication. An exception that reaches the event loop (from a slot, a
// lambda, an event handler, a worker's result read on the GUI thread) ends there: it is reported
// by unexpectedError, once the event that raised it is left, and the program goes on. Qt itself
// does not let an exception through its event loop: without this the program terminates.
class Application : public QApplication
{
  Q_OBJECT
public:
  Application(int &argc, char **argv);
  bool notify(QObject *receiver, QEvent *event) override;

  // Reports an exception caught elsewhere the same way (queued).
  void report(const QString &message);

signals:
  void unexpectedError(const QString &message);
};

// The message of the exception being handled (std::exception's what(), the inner exception of a
// QtConcurrent worker's QUnhandledException).
QString currentExceptionMessage();

} // namespace app
