#include "app/core/ProjectFigures.h"

#include "data/store/Store.h"

#include <exception>

namespace core {

namespace {

std::string iso(const QDate &d)
{
  return d.toString(Qt::ISODate).toStdString();
}

// The burn-up up to the end of `date`, as computeBurnUp(..., until = date) gives it.
layers::BurnUp burnUpUntil(const layers::BurnUp &all, const std::string &date)
{
  layers::BurnUp cut;
  cut.startDate = all.startDate;
  cut.deadline = all.deadline;
  cut.initial = all.initial;
  for (std::size_t i = 0; i < all.dates.size() && all.dates[i] <= date; ++i) {
    cut.dates.push_back(all.dates[i]);
    cut.rollups.push_back(all.rollups[i]);
  }
  return cut;
}

} // namespace

// What the worker keeps of one open project. Only the worker thread touches it.
struct ProjectFigures::Model
{
  std::unique_ptr<data::Store> store; // the worker's own connection
  std::unique_ptr<layers::Plan> plan; // the replay refers to it: a stable address
  bool synthetic = false;
  std::unique_ptr<layers::RollupModel> rollup;
  std::unique_ptr<layers::ProgressReplay> replay;
  std::shared_ptr<const layers::BurnUp> burnUp;
  std::shared_ptr<const std::map<std::string, std::vector<layers::BurnUpPoint>>> measurements;
  std::map<std::string, std::pair<std::string, std::string>> layerNames; // id -> zh, en

  Model(const std::string &path, const layers::Plan &p)
      : store(data::openProject(path))
      , plan(std::make_unique<layers::Plan>(p))
  {
    synthetic = store->isSynthetic();
    rollup = std::make_unique<layers::RollupModel>(*store, *plan, true);
    replay = std::make_unique<layers::ProgressReplay>(*store, *plan);
    readHistory();
    for (const layers::Target &t : plan->targets)
      if (t.isLocated() && !layerNames.count(t.layerId)) {
        const auto def = store->layer(t.layerId);
        layerNames[t.layerId] = {def ? def->nameZh : t.layerId, def ? def->nameEn : t.layerId};
      }
  }

  void readHistory()
  {
    burnUp = std::make_shared<const layers::BurnUp>(layers::computeBurnUp(*replay, *plan));
    auto m = std::make_shared<std::map<std::string, std::vector<layers::BurnUpPoint>>>();
    for (const layers::Target &t : plan->targets)
      if (!t.isLocated()) (*m)[t.id] = layers::measurementHistory(*store, t.id);
    measurements = std::move(m);
  }

  void eventsChanged(const QList<qint64> &ids)
  {
    for (qint64 id : ids) {
      std::vector<data::Event> events = store->events(id);
      rollup->setEvents(id, events);
      replay->setEvents(id, std::move(events));
    }
    burnUp = std::make_shared<const layers::BurnUp>(layers::computeBurnUp(*replay, *plan));
  }

  std::shared_ptr<FigureSnapshot> compute(const QDate &date, const std::string &target)
  {
    auto s = std::make_shared<FigureSnapshot>();
    const std::string d = iso(date);
    s->date = date;
    s->synthetic = synthetic;
    s->burnUp = burnUp;
    s->measurements = measurements;
    s->report.asOf = d;
    s->report.synthetic = synthetic;
    s->report.rollup = rollup->rollup(d, true);
    s->report.burnUp = burnUpUntil(*burnUp, d);
    replay->advanceTo(d);
    // The layers the plan's targets count, in plan order, as collectReportData lists them.
    for (const layers::Target &t : plan->targets) {
      if (!t.isLocated() || t.kind == data::TargetKind::Ratio) continue;
      bool seen = false;
      for (const auto &ls : s->report.layerStatus)
        seen = seen || ls.layerId == t.layerId;
      if (seen) continue;
      const auto &names = layerNames[t.layerId];
      s->report.layerStatus.push_back(
          {t.layerId, names.first, names.second, replay->statusCounts(t.layerId)});
    }
    if (!target.empty()) {
      s->target = target;
      s->targetFeatures = replay->features(target);
    }
    return s;
  }
};

struct ProjectFigures::Slot
{
  std::shared_ptr<Model> model;
  std::atomic<bool> closed{false};
  std::atomic<quint64> latestBuild{0};
};

ProjectFigures::ProjectFigures(QObject *parent)
    : QObject(parent)
    , mLane(mTasks.addLane(QStringLiteral("figures"), TaskRunner::Policy::Queue))
    , mSlot(std::make_shared<Slot>())
    , mLatest(std::make_shared<std::atomic<quint64>>(0))
{
}

ProjectFigures::~ProjectFigures()
{
  mSlot->closed = true;
}

void ProjectFigures::open(const QString &path, const layers::Plan &plan, const QDate &date,
                          const QString &target)
{
  close();
  mPath = path;
  mPlan = plan;
  post(Work::Open, date, target);
}

void ProjectFigures::reload(const QDate &date, const QString &target)
{
  if (mPath.isEmpty()) return;
  post(Work::Reload, date, target);
}

void ProjectFigures::eventsChanged(const QList<qint64> &featureIds, const QDate &date, const QString &target)
{
  if (mPath.isEmpty()) return;
  post(Work::Events, date, target, featureIds);
}

void ProjectFigures::request(const QDate &date, const QString &target)
{
  if (mPath.isEmpty()) return;
  post(Work::Compute, date, target);
}

void ProjectFigures::close()
{
  if (mPath.isEmpty()) return;
  mPath.clear();
  mLatest->store(++mRequest); // whatever is on its way is stale now
  std::shared_ptr<Slot> old = std::move(mSlot);
  old->closed = true;
  mSlot = std::make_shared<Slot>();
  // The old model is freed on the worker, after anything still running on it.
  mTasks.post(mLane, [old]() mutable { old.reset(); });
}

void ProjectFigures::post(Work work, const QDate &date, const QString &target, const QList<qint64> &ids)
{
  const quint64 id = ++mRequest;
  mLatest->store(id);
  std::shared_ptr<Slot> slot = mSlot;
  if (work == Work::Open || work == Work::Reload) slot->latestBuild = id;
  mTasks.run(
      mLane,
      [work, id, slot, latest = mLatest, path = mPath.toStdString(), plan = mPlan, date,
       target = target.toStdString(), ids](const TaskContext &) {
        std::shared_ptr<const FigureSnapshot> result;
        if (slot->closed) return result;
        try {
          // A build a newer build overtook is left to that one; event changes always apply.
          const bool build = (work == Work::Open || work == Work::Reload) && slot->latestBuild == id;
          if (build) {
            slot->model.reset(); // one model in memory at a time
            slot->model = std::make_shared<Model>(path, plan);
          } else if (work == Work::Events && slot->model) {
            slot->model->eventsChanged(ids);
          }
        } catch (...) {
          if (work == Work::Open || work == Work::Reload) slot->model.reset();
          throw;
        }
        if (slot->model && latest->load() == id) result = slot->model->compute(date, target);
        return result;
      },
      [this, id](TaskResult<std::shared_ptr<const FigureSnapshot>> r) {
        std::shared_ptr<const FigureSnapshot> result = r.value ? std::move(*r.value) : nullptr;
        if (id == mRequest && !r.cancelled) { // else a newer request is on its way
          if (r.error)
            emit failed(QString::fromStdString(r.message()));
          else if (result)
            emit ready(result);
        }
        // A snapshot nobody kept (a stale one) is freed on the worker, not here: thousands of
        // villages' roll-ups.
        if (result) mTasks.post(mLane, [result = std::move(result)]() mutable { result.reset(); });
      });
}

} // namespace core
