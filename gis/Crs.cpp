#include "gis/Crs.h"

#include "gis/Error.h"

#include <proj.h>

#include <cmath>

namespace gis {

namespace {

struct ContextDeleter
{
  void operator()(PJ_CONTEXT *c) const { proj_context_destroy(c); }
};
struct PjDeleter
{
  void operator()(PJ *p) const { proj_destroy(p); }
};
using ContextPtr = std::unique_ptr<PJ_CONTEXT, ContextDeleter>;
using PjPtr = std::unique_ptr<PJ, PjDeleter>;

// PROJ reports details ("crs not found: EPSG:1") only through its log; keep the last error line so
// the thrown message can say it, and keep PROJ from printing to stderr.
void captureLog(void *userData, int level, const char *message)
{
  if (level <= PJ_LOG_ERROR && message) *static_cast<std::string *>(userData) = message;
}

ContextPtr makeContext(std::string *log)
{
  ContextPtr ctx(proj_context_create());
  if (!ctx) throw Error(Error::Kind::Proj, "cannot create a PROJ context");
  proj_log_func(ctx.get(), log, captureLog);
  return ctx;
}

std::string reason(PJ_CONTEXT *ctx, const std::string &log)
{
  if (!log.empty()) return log;
  const int err = proj_context_errno(ctx);
  return err ? proj_context_errno_string(ctx, err) : "unknown PROJ error";
}

} // namespace

int cgcs2000Gk3ZoneFor(double lon)
{
  const double cm = 3 * std::floor(lon / 3 + 0.5);
  if (!(cm >= 75 && cm <= 135))
    throw Error(Error::Kind::Input,
                "longitude " + std::to_string(lon) +
                    " is outside the CGCS2000 3-degree Gauss-Kruger zones (73.5E to 136.5E)");
  // EPSG:4534 (CM 75E) to EPSG:4554 (CM 135E) are consecutive, one per 3 degrees.
  return 4534 + static_cast<int>(cm - 75) / 3;
}

struct Transform::Impl
{
  std::string log;
  ContextPtr ctx;
  PjPtr pj;
  std::string description;

  void apply(PJ_DIRECTION dir, std::vector<Point> &pts) const
  {
    if (pts.empty()) return;
    std::vector<Point> out = pts; // transformed in a copy so a failure leaves the input untouched
    proj_errno_reset(pj.get());
    proj_trans_generic(pj.get(), dir, &out[0].x, sizeof(Point), out.size(), &out[0].y, sizeof(Point),
                       out.size(), nullptr, 0, 0, nullptr, 0, 0);
    for (std::size_t i = 0; i < out.size(); ++i)
      if (!std::isfinite(out[i].x) || !std::isfinite(out[i].y)) fail(pts[i]);
    pts = std::move(out);
  }

  Point apply(PJ_DIRECTION dir, const Point &p) const
  {
    proj_errno_reset(pj.get());
    const PJ_COORD r = proj_trans(pj.get(), dir, proj_coord(p.x, p.y, 0, 0));
    if (!std::isfinite(r.xy.x) || !std::isfinite(r.xy.y)) fail(p);
    return Point{r.xy.x, r.xy.y};
  }

  Geometry apply(PJ_DIRECTION dir, const Geometry &g) const
  {
    Geometry out = g;
    for (Geometry::Part &part : out.parts())
      for (auto &path : part)
        apply(dir, path);
    return out;
  }

  [[noreturn]] void fail(const Point &p) const
  {
    const int err = proj_errno(pj.get());
    throw Error(Error::Kind::Proj,
                "cannot transform (" + std::to_string(p.x) + ", " + std::to_string(p.y) + ") " + description +
                    ": " + (err ? proj_context_errno_string(ctx.get(), err) : "result out of range"));
  }
};

Transform::Transform(const std::string &from, const std::string &to)
    : d(std::make_unique<Impl>())
{
  d->ctx = makeContext(&d->log);
  d->description = "from " + from + " to " + to;
  PjPtr raw(proj_create_crs_to_crs(d->ctx.get(), from.c_str(), to.c_str(), nullptr));
  if (!raw)
    throw Error(Error::Kind::Proj,
                "cannot create a transformation " + d->description + ": " + reason(d->ctx.get(), d->log));
  // PROJ follows each CRS's axis order (EPSG:4326 is lat, lon); PlanMap is x = lon everywhere.
  d->pj.reset(proj_normalize_for_visualization(d->ctx.get(), raw.get()));
  if (!d->pj)
    throw Error(Error::Kind::Proj, "cannot normalise the transformation " + d->description + ": " +
                                       reason(d->ctx.get(), d->log));
}

Transform::Transform(int fromEpsg, int toEpsg)
    : Transform("EPSG:" + std::to_string(fromEpsg), "EPSG:" + std::to_string(toEpsg))
{
}

Transform::~Transform() = default;
Transform::Transform(Transform &&) noexcept = default;
Transform &Transform::operator=(Transform &&) noexcept = default;

Point Transform::forward(const Point &p) const
{
  return d->apply(PJ_FWD, p);
}

Point Transform::inverse(const Point &p) const
{
  return d->apply(PJ_INV, p);
}

void Transform::forward(std::vector<Point> &pts) const
{
  d->apply(PJ_FWD, pts);
}

Geometry Transform::forward(const Geometry &g) const
{
  return d->apply(PJ_FWD, g);
}

Geometry Transform::inverse(const Geometry &g) const
{
  return d->apply(PJ_INV, g);
}

std::string crsName(const std::string &definition)
{
  std::string log;
  ContextPtr ctx = makeContext(&log);
  PjPtr crs(proj_create(ctx.get(), definition.c_str()));
  if (!crs) throw Error(Error::Kind::Proj, "unknown CRS '" + definition + "': " + reason(ctx.get(), log));
  if (!proj_is_crs(crs.get()))
    throw Error(Error::Kind::Proj, "'" + definition + "' is not a coordinate reference system");
  const char *name = proj_get_name(crs.get());
  return name ? name : definition;
}

} // namespace gis
