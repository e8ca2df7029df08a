// planmap [PROJECT] [--screenshot FILE.png] [--lang zh_CN|en] [--size WxH]
#include "app/gui/Application.h"
#include "app/gui/MainWindow.h"
#include "app/gui/MapCanvas.h"
#include "layers/sample/SampleTown.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QLocale>
#include <QPointer>
#include <QSettings>
#include <QStandardPaths>
#include <QTimer>
#include <QTranslator>

#include <cstdio>
#include <functional>
#include <memory>

namespace {

// The bundled synthetic sample, generated once into the cache (written aside, then renamed, so a
// crash never leaves half a project behind).
QString samplePath()
{
  const QString dir = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
  QDir().mkpath(dir);
  const QString path = dir + QStringLiteral("/pujiang-sample.planmap");
  if (QFileInfo::exists(path)) return path;
  const QString tmp = path + QStringLiteral(".part");
  QFile::remove(tmp);
  layers::writeSampleTown(tmp.toStdString());
  QFile::rename(tmp, path);
  return path;
}

// Chinese when the user chose it or the locale is Chinese, English otherwise.
QString chosenLanguage(const QString &option)
{
  if (!option.isEmpty()) return option;
  const QString saved = QSettings().value(QStringLiteral("language")).toString();
  if (!saved.isEmpty()) return saved;
  return QLocale::system().language() == QLocale::Chinese ? QStringLiteral("zh_CN") : QStringLiteral("en");
}

// PlanMap's own strings, and Qt's (the wizard's Back/Next, standard dialogs' buttons) from the
// Debian package qt6-translations-l10n.
void installLanguage(QTranslator &translator, QTranslator &qtTranslator, const QString &language)
{
  QCoreApplication::removeTranslator(&translator);
  QCoreApplication::removeTranslator(&qtTranslator);
  QLocale::setDefault(QLocale(language == QLatin1String("zh_CN") ? QLocale::Chinese : QLocale::English,
                              language == QLatin1String("zh_CN") ? QLocale::China : QLocale::UnitedStates));
  if (translator.load(QStringLiteral(":/i18n/planmap_") + language))
    QCoreApplication::installTranslator(&translator);
  if (qtTranslator.load(QStringLiteral("qtbase_") + language,
                        QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
    QCoreApplication::installTranslator(&qtTranslator);
}

// --screenshot: once the project is open and its final view drawn, the window is saved to `out`
// and the program exits (1 when the project cannot be opened or nothing is drawn in 2 minutes).
void screenshotWhenDrawn(app::MainWindow *window, const QString &project, const QString &out)
{
  QObject::connect(window, &app::MainWindow::openFinished, qApp, [window, project, out](bool ok) {
    if (!ok) {
      std::fprintf(stderr, "planmap: cannot open %s\n", qPrintable(project));
      QApplication::exit(1);
      return;
    }
    auto *canvas = window->canvas();
    auto taken = std::make_shared<bool>(false);
    QObject::connect(canvas, &app::MapCanvas::renderFinished, qApp, [window, canvas, out, taken] {
      if (*taken || canvas->isRendering()) return; // wait for the job of the final view
      *taken = true;
      QTimer::singleShot(200, qApp, [window, out] {
        window->waitUntilIdle(); // the dashboard's figures come from a worker after the map
        const bool saved = window->grab().save(out);
        if (!saved) std::fprintf(stderr, "planmap: cannot write %s\n", qPrintable(out));
        QApplication::exit(saved ? 0 : 1);
      });
    });
  });
  QTimer::singleShot(120000, qApp, [] {
    std::fprintf(stderr, "planmap: the map was not drawn within 2 minutes\n");
    QApplication::exit(1);
  });
}

} // namespace

int main(int argc, char **argv)
{
  app::Application app(argc, argv); // an exception reaching the event loop is shown, not fatal
  QApplication::setOrganizationName(QStringLiteral("PlanMap"));
  QApplication::setApplicationName(QStringLiteral("PlanMap"));
  QApplication::setFont(QFont(QStringLiteral("Noto Sans CJK SC"), 10));

  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral("PlanMap: a town's action plan on the map"));
  parser.addHelpOption();
  parser.addPositionalArgument(QStringLiteral("project"),
                               QStringLiteral("project file (default: the sample town)"));
  const QCommandLineOption screenshot(
      QStringLiteral("screenshot"),
      QStringLiteral("save a picture of the window once the map is drawn, then exit"),
      QStringLiteral("file.png"));
  const QCommandLineOption lang(QStringLiteral("lang"), QStringLiteral("zh_CN or en"),
                                QStringLiteral("language"));
  const QCommandLineOption size(QStringLiteral("size"), QStringLiteral("window size, e.g. 1600x1000"),
                                QStringLiteral("WxH"));
  parser.addOption(screenshot);
  parser.addOption(lang);
  parser.addOption(size);
  parser.process(app);

  QTranslator translator, qtTranslator;
  installLanguage(translator, qtTranslator, chosenLanguage(parser.value(lang)));

  QString project = parser.positionalArguments().value(0);
  if (project.isEmpty()) {
    try {
      project = samplePath();
    } catch (const std::exception &e) {
      std::fprintf(stderr, "planmap: could not write the sample project: %s\n", e.what());
      return 1;
    }
  }

  QPointer<app::MainWindow> window;
  std::function<void()> makeWindow = [&] {
    window = new app::MainWindow;
    window->setAttribute(Qt::WA_DeleteOnClose);
    QObject::connect(window, &app::MainWindow::languageChangeRequested, &app, [&](const QString &language) {
      // Rebuild the window in the new language on the same project.
      project = window->projectPath();
      window->close();
      installLanguage(translator, qtTranslator, language);
      QTimer::singleShot(0, &app, makeWindow);
    });
    window->show();
    const QStringList wh = parser.value(size).split(QLatin1Char('x'));
    if (wh.size() == 2 && wh[0].toInt() > 0 && wh[1].toInt() > 0)
      window->resize(wh[0].toInt(), wh[1].toInt());
    window->openProject(project, parser.isSet(screenshot));
  };
  makeWindow();
  if (parser.isSet(screenshot))
    screenshotWhenDrawn(window, project, parser.value(screenshot));
  else
    QObject::connect(window, &app::MainWindow::openFinished, &app, [&](bool ok) {
      if (!ok) std::fprintf(stderr, "planmap: cannot open %s\n", qPrintable(project));
    });
  return app.exec();
}
