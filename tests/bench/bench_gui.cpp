// Issue 7's "the GUI thread never blocks for more than 50 ms while rendering or rolling up", measured:
// the real MainWindow, offscreen, on the project PLANMAP_BENCH_PROJECT (a copy is used: the session
// marks a stretch). A 5 ms timer on the GUI thread records the longest gap between its ticks and,
// for that gap, the GUI thread's own CPU time and its time waiting for a core (the machine's load;
// the rest it slept: a lock, I/O), and the most CPU time the thread spent within any one gap (less
// sensitive to the load than the wall gap). A scripted session (open → first frame, full render,
// zoom in/out, pan, the as-of slider across the history, refresh of the figures, a mark as an
// engineer, undo) prints, per step, the longest GUI block (ms) and the wall time until the view was
// up to date (the last render, map reload or figure update of the step). Rows are tab-separated on
// stdout ("gui<TAB>step<TAB>block<TAB>wall") for scripts/bench_table.py, then a table with the CPU
// figures too.
//   PLANMAP_BENCH_PROJECT=/path/x.planmap  the project (required)
//   PLANMAP_BENCH_SLIDER_STEPS=12          as-of dates visited across the history
//   PLANMAP_BENCH_CHARTS=1                 the Charts dock in front of the village table (the charts
//                                          are drawn only when they can be seen)
//   PLANMAP_BENCH_TRACE=20                 prints to stderr every event the GUI thread took longer
//                                          than this many ms to deliver (receiver, event type)
// Not a Google Benchmark: it measures one session, as a user would see it.
#include "app/gui/Charts.h"
#include "app/gui/Dashboard.h"
#include "app/gui/FieldController.h"
#include "app/gui/LeadershipController.h"
#include "app/gui/MainWindow.h"
#include "app/gui/MapCanvas.h"
#include "app/gui/TimeSlider.h"
#include "app/gui/VillageTable.h"
#include "data/store/Store.h"
#include "layers/edit/EditCommands.h"
#include "tests/common/OpenWindow.h"

#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <QUndoStack>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace {

qint64 threadCpuNs()
{
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<qint64>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

// Time the calling thread spent runnable but waiting for a core (/proc/thread-self/schedstat, 2nd
// field; 0 when the kernel does not say): the share of a block that the machine's load makes.
qint64 threadRunDelayNs()
{
  std::FILE *f = std::fopen("/proc/thread-self/schedstat", "r");
  if (!f) return 0;
  long long run = 0, wait = 0;
  const int n = std::fscanf(f, "%lld %lld", &run, &wait);
  std::fclose(f);
  return n == 2 ? wait : 0;
}

// With PLANMAP_BENCH_TRACE: the events that kept the GUI thread longest, as they happen.
class TracingApplication : public QApplication
{
public:
  TracingApplication(int &argc, char **argv)
      : QApplication(argc, argv)
      , mTraceNs(static_cast<qint64>(qEnvironmentVariableIntValue("PLANMAP_BENCH_TRACE")) * 1000000)
  {
    mClock.start();
  }
  bool notify(QObject *receiver, QEvent *event) override
  {
    if (mTraceNs <= 0 || mDepth > 0) return QApplication::notify(receiver, event);
    const char *cls = receiver->metaObject()->className();
    const QString name = receiver->objectName();
    const int type = event->type();
    const qint64 wall0 = mClock.nsecsElapsed();
    const qint64 cpu0 = threadCpuNs();
    ++mDepth;
    const bool r = QApplication::notify(receiver, event);
    --mDepth;
    const qint64 wall = mClock.nsecsElapsed() - wall0, cpu = threadCpuNs() - cpu0;
    if (wall >= mTraceNs)
      std::fprintf(stderr, "trace\t%.1f ms wall\t%.1f ms cpu\t%s '%s'\tevent %d\n", wall / 1e6, cpu / 1e6,
                   cls, qPrintable(name), type);
    return r;
  }

private:
  qint64 mTraceNs = 0;
  int mDepth = 0;
  QElapsedTimer mClock;
};

// The longest time the GUI thread went without running a 5 ms timer: how long it was blocked.
class Watchdog : public QObject
{
public:
  Watchdog()
  {
    mTimer.setInterval(5);
    mTimer.setTimerType(Qt::PreciseTimer);
    connect(&mTimer, &QTimer::timeout, this, [this] { tick(); });
    mClock.start();
    mLast = mClock.nsecsElapsed();
    mLastCpu = threadCpuNs();
    mLastDelay = threadRunDelayNs();
    mTimer.start();
  }
  void reset()
  {
    mLast = mClock.nsecsElapsed();
    mLastCpu = threadCpuNs();
    mLastDelay = threadRunDelayNs();
    mStartCpu = mLastCpu;
    mMax = mMaxCpu = mMaxGapCpu = mMaxGapDelay = 0;
  }
  // The gap still open counts too (a step that ends while the thread is blocked).
  double maxMs()
  {
    tick();
    return mMax / 1e6;
  }
  // The most GUI-thread CPU time within one gap, and all of it since reset().
  double maxCpuMs() const { return mMaxCpu / 1e6; }
  double totalCpuMs() const { return (threadCpuNs() - mStartCpu) / 1e6; }
  // The longest gap's own CPU time and its time waiting for a core (the rest of it the thread slept:
  // a lock, I/O, a wait for workers).
  double longestCpuMs() const { return mMaxGapCpu / 1e6; }
  double longestRunDelayMs() const { return mMaxGapDelay / 1e6; }

private:
  void tick()
  {
    const qint64 now = mClock.nsecsElapsed(), cpu = threadCpuNs(), delay = threadRunDelayNs();
    if (now - mLast > mMax) {
      mMax = now - mLast;
      mMaxGapCpu = cpu - mLastCpu;
      mMaxGapDelay = delay - mLastDelay;
    }
    mMaxCpu = std::max(mMaxCpu, cpu - mLastCpu);
    if (mTraceNs > 0 && cpu - mLastCpu >= mTraceNs) // the events traced since the last such line
      std::fprintf(stderr, "block\t%.1f ms wall\t%.1f ms cpu\n", (now - mLast) / 1e6, (cpu - mLastCpu) / 1e6);
    mLast = now;
    mLastCpu = cpu;
    mLastDelay = delay;
  }
  QTimer mTimer;
  QElapsedTimer mClock;
  qint64 mLast = 0, mLastCpu = 0, mLastDelay = 0, mStartCpu = 0;
  qint64 mMax = 0, mMaxCpu = 0, mMaxGapCpu = 0, mMaxGapDelay = 0;
  const qint64 mTraceNs = static_cast<qint64>(qEnvironmentVariableIntValue("PLANMAP_BENCH_TRACE")) * 1000000;
};

struct Row
{
  std::string step;
  double blockMs = 0;
  double wallMs = 0;
  double blockCpuMs = 0;                       // GUI-thread CPU in the gap that had the most
  double cpuMs = 0;                            // GUI-thread CPU over the step
  double longestCpuMs = 0, longestDelayMs = 0; // the longest block: its CPU, its wait for a core
};

class Session
{
public:
  Session(app::MainWindow &window, Watchdog &dog)
      : w(window)
      , mDog(dog)
  {
    mClock.start();
    auto touch = [this] { mLastActivity = mClock.elapsed(); };
    QObject::connect(w.canvas(), &app::MapCanvas::renderFinished, touch);
    QObject::connect(w.project(), &core::Project::mapReloaded, touch);
    QObject::connect(&w, &app::MainWindow::projectOpened, touch);
    app::LeadershipController *lead = w.leadershipController();
    QObject::connect(lead->villageTable(), &app::VillageTable::updated, touch);
  }

  // Runs `action`, then lets the event loop run until nothing happened (no render, reload or
  // figure update, no render running, the window idle) for a settle period. Wall = until the
  // last such activity (or the action's end when nothing followed it).
  void step(const std::string &name, const std::function<void()> &action)
  {
    processFor(50);
    mDog.reset();
    const qint64 start = mClock.elapsed();
    mLastActivity = start;
    action();
    mLastActivity = std::max(mLastActivity, mClock.elapsed());
    settle();
    const double block = mDog.maxMs();
    rows.push_back({name, block, static_cast<double>(mLastActivity - start), mDog.maxCpuMs(),
                    mDog.totalCpuMs(), mDog.longestCpuMs(), mDog.longestRunDelayMs()});
    std::printf("gui\t%s\t%.1f\t%.1f\n", name.c_str(), block, static_cast<double>(mLastActivity - start));
    std::fflush(stdout);
  }

  void processFor(int ms)
  {
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < ms) {
      QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
      QThread::msleep(1);
    }
  }

  bool busy() const { return w.canvas()->isRendering() || w.isBusy(); }

  void settle()
  {
    constexpr qint64 kQuietMs = 700, kMaxMs = 300000;
    const qint64 start = mClock.elapsed();
    while (mClock.elapsed() - start < kMaxMs) {
      QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
      QThread::msleep(1);
      if (busy()) {
        mLastActivity = std::max(mLastActivity, mClock.elapsed());
        continue;
      }
      if (mClock.elapsed() - mLastActivity >= kQuietMs) return;
    }
    std::fprintf(stderr, "bench_gui: the window did not settle\n");
  }

  std::vector<Row> rows;

private:
  app::MainWindow &w;
  Watchdog &mDog;
  QElapsedTimer mClock;
  qint64 mLastActivity = 0;
};

} // namespace

int main(int argc, char **argv)
{
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  TracingApplication app(argc, argv);
  QCoreApplication::setOrganizationName(QStringLiteral("PlanMapBenchGui"));
  QSettings().clear();
  const QString source = qEnvironmentVariable("PLANMAP_BENCH_PROJECT");
  if (source.isEmpty() || !QFile::exists(source)) {
    std::fprintf(stderr, "bench_gui: set PLANMAP_BENCH_PROJECT to a .planmap file\n");
    return 2;
  }
  // The session writes a mark: work on a copy.
  QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/bench_gui-XXXXXX"));
  const QString path = dir.filePath(QStringLiteral("bench.planmap"));
  std::filesystem::copy_file(source.toStdString(), path.toStdString());
  const int sliderSteps = std::max(2, qEnvironmentVariableIntValue("PLANMAP_BENCH_SLIDER_STEPS") > 0
                                          ? qEnvironmentVariableIntValue("PLANMAP_BENCH_SLIDER_STEPS")
                                          : 12);

  Watchdog dog;
  app::MainWindow window;
  window.resize(1400, 900);
  window.show();
  Session s(window, dog);
  s.processFor(200);
  app::MapCanvas *canvas = window.canvas();
  app::LeadershipController *lead = window.leadershipController();
  if (qEnvironmentVariableIntValue("PLANMAP_BENCH_CHARTS") > 0) {
    for (QDockWidget *d : lead->docks())
      if (d->widget() == lead->charts()) d->raise();
    s.processFor(100);
  }

  s.step("open project → first frame and figures", [&] {
    if (!testutil::openAndWait(window, path, true)) {
      std::fprintf(stderr, "bench_gui: cannot open %s\n", qPrintable(path));
      std::exit(1);
    }
  });
  if (!window.store()) return 1;
  s.step("full-extent render", [&] { canvas->zoomToFullExtent(); });
  s.step("zoom in ×4 (two steps)", [&] {
    canvas->zoomIn();
    canvas->zoomIn();
  });
  s.step("zoom out ×4", [&] {
    canvas->zoomOut();
    canvas->zoomOut();
  });
  s.step("pan 10 steps of 40 px", [&] {
    for (int i = 0; i < 10; ++i) {
      canvas->panByPixels(QPointF(40, 25));
      s.processFor(16);
    }
  });

  // The as-of slider across the plan's history, as a drag: a date every 60 ms.
  const QDate first = lead->timeSlider()->first(), last = lead->timeSlider()->last();
  const qint64 days = std::max<qint64>(1, first.daysTo(last));
  s.step("as-of slider: " + std::to_string(sliderSteps) + " dates across the history", [&] {
    for (int i = 0; i <= sliderSteps; ++i) {
      lead->timeSlider()->setDate(first.addDays(days * i / sliderSteps));
      s.processFor(60);
    }
  });
  s.step("as-of one date (mid-history)", [&] { lead->timeSlider()->setDate(first.addDays(days / 2)); });
  s.step("as-of back to today", [&] { lead->timeSlider()->setDate(last); });
  s.step("reload map and refresh figures", [&] { window.reloadMap(); });

  // A mark as an engineer: the first river with no events, half its length.
  app::FieldController *field = window.fieldController();
  std::string engineer;
  for (const auto &u : window.store()->users())
    if (u.role == data::Role::Engineer) {
      engineer = u.name;
      break;
    }
  std::int64_t riverId = 0;
  double lengthM = 0;
  if (const layers::MapLayer *rivers = window.mapData()->layer("rivers"))
    for (std::size_t i = 0; i < rivers->size() && !riverId; ++i)
      if (rivers->feature(i).status == data::Status::Planned && rivers->feature(i).lengthM > 200) {
        riverId = rivers->feature(i).id;
        lengthM = rivers->feature(i).lengthM;
      }
  if (!engineer.empty() && riverId && field->setUser(QString::fromStdString(engineer))) {
    s.step("mark one stretch (engineer)", [&] {
      data::Event e;
      e.featureId = riverId;
      e.kind = data::EventKind::Stretch;
      e.status = data::Status::Completed;
      e.fromM = 0;
      e.toM = lengthM / 2;
      e.date = QDate::currentDate().toString(Qt::ISODate).toStdString();
      e.note = "bench_gui";
      if (!field->push(new layers::MarkCommand(*field->context(), e)))
        std::fprintf(stderr, "bench_gui: the mark was refused: %s\n", qPrintable(field->lastError()));
    });
    s.step("undo the mark", [&] { field->undoStack()->undo(); });
  } else {
    std::fprintf(stderr, "bench_gui: no engineer or no planned river: mark and undo skipped\n");
  }

  std::printf(
      "\n| step | longest GUI-thread block (ms) | its CPU / waiting for a core / asleep (ms) | most CPU "
      "in one block (ms) | GUI-thread CPU (ms) | wall until up to date (ms) |\n"
      "|---|---|---|---|---|---|\n");
  double worst = 0, worstCpu = 0;
  for (const Row &r : s.rows) {
    std::printf("| %s | %.0f | %.0f / %.0f / %.0f | %.0f | %.0f | %.0f |\n", r.step.c_str(), r.blockMs,
                r.longestCpuMs, r.longestDelayMs,
                std::max(0.0, r.blockMs - r.longestCpuMs - r.longestDelayMs), r.blockCpuMs, r.cpuMs,
                r.wallMs);
    worst = std::max(worst, r.blockMs);
    worstCpu = std::max(worstCpu, r.blockCpuMs);
  }
  std::printf("| **worst** | **%.0f** | | **%.0f** | | |\n", worst, worstCpu);
  window.close();
  return 0;
}
