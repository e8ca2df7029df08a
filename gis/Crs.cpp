#include "gis/Crs.h"

#include "gis/Error.h"

#include <proj.h>

#include <cmath>
#include <vector>

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

void Transform::forward(double *xs, double *ys, std::size_t n) const
{
  if (n == 0) return;
  proj_errno_reset(d->pj.get());
  proj_trans_generic(d->pj.get(), PJ_FWD, xs, sizeof(double), n, ys, sizeof(double), n, nullptr, 0, 0,
                     nullptr, 0, 0);
  for (std::size_t i = 0; i < n; ++i)
    if (!std::isfinite(xs[i]) || !std::isfinite(ys[i])) {
      const int err = proj_errno(d->pj.get());
      throw Error(Error::Kind::Proj,
                  "cannot transform point " + std::to_string(i) + " " + d->description + ": " +
                      (err ? proj_context_errno_string(d->ctx.get(), err) : "result out of range"));
    }
}

Geometry Transform::forward(const Geometry &g) const
{
  return d->apply(PJ_FWD, g);
}

Geometry Transform::inverse(const Geometry &g) const
{
  return d->apply(PJ_INV, g);
}

namespace {

// CGCS2000 ellipsoid (GRS 80 axes): a, f; Krüger's series (Karney 2011, eq. 35) in n = f / (2 - f).
struct KruegerSeries
{
  double e;        // first eccentricity
  double rectA;    // rectifying radius A
  double alpha[7]; // alpha[1..6]
  KruegerSeries()
  {
    const double a = 6378137.0, f = 1 / 298.257222101;
    const double n = f / (2 - f), n2 = n * n, n3 = n2 * n, n4 = n3 * n, n5 = n4 * n, n6 = n5 * n;
    e = std::sqrt(f * (2 - f));
    rectA = a / (1 + n) * (1 + n2 / 4 + n4 / 64 + n6 / 256);
    alpha[0] = 0;
    alpha[1] = n / 2 - 2 * n2 / 3 + 5 * n3 / 16 + 41 * n4 / 180 - 127 * n5 / 288 + 7891 * n6 / 37800;
    alpha[2] = 13 * n2 / 48 - 3 * n3 / 5 + 557 * n4 / 1440 + 281 * n5 / 630 - 1983433 * n6 / 1935360;
    alpha[3] = 61 * n3 / 240 - 103 * n4 / 140 + 15061 * n5 / 26880 + 167603 * n6 / 181440;
    alpha[4] = 49561 * n4 / 161280 - 179 * n5 / 168 + 6601661 * n6 / 7257600;
    alpha[5] = 34729 * n5 / 80640 - 3418889 * n6 / 1995840;
    alpha[6] = 212378941 * n6 / 319334400;
  }
};

const KruegerSeries &krueger()
{
  static const KruegerSeries s;
  return s;
}

} // namespace

GaussKruger3::GaussKruger3(int epsg)
    : mEpsg(epsg)
    , mLon0(75.0 + 3.0 * (epsg - 4534))
{
  if (!handles(epsg))
    throw Error(Error::Kind::Input, "EPSG:" + std::to_string(epsg) +
                                        " is not a CGCS2000 3-degree Gauss-Kruger zone without prefix");
}

Point GaussKruger3::forward(const Point &lonLat) const
{
  const KruegerSeries &k = krueger();
  constexpr double deg = 3.14159265358979323846 / 180;
  const double phi = lonLat.y * deg, lambda = (lonLat.x - mLon0) * deg;
  if (!std::isfinite(phi) || !std::isfinite(lambda) || std::abs(lonLat.y) > 90)
    throw Error(Error::Kind::Proj, "cannot transform (" + std::to_string(lonLat.x) + ", " +
                                       std::to_string(lonLat.y) + ") to EPSG:" + std::to_string(mEpsg));
  // Conformal latitude, then transverse Mercator on the sphere, then Krüger's series, with six
  // transcendental calls a point (the map loader projects every vertex): sinh(atanh(s) - b) and
  // the hyperbolic functions of eta0 in closed form, the series' multiple angles by recurrence.
  const double s = std::sin(phi), c = std::cos(phi);
  const double b = k.e * std::atanh(k.e * s), eb = std::exp(b);
  const double t = (s * (eb + 1 / eb) / 2 - (eb - 1 / eb) / 2) / c; // tan of the conformal latitude
  const double sl = std::sin(lambda), cl = std::cos(lambda);
  const double xi0 = std::atan2(t, cl);
  const double u = sl / std::sqrt(1 + t * t), eta0 = std::atanh(u);
  const double r = std::hypot(t, cl), sx = t / r, cx = cl / r; // sin, cos of xi0
  const double ch = 1 / std::sqrt(1 - u * u), sh = u * ch;     // cosh, sinh of eta0
  const double s2 = 2 * sx * cx, c2 = cx * cx - sx * sx, sh2 = 2 * sh * ch, ch2 = ch * ch + sh * sh;
  double sj = s2, cj = c2, shj = sh2, chj = ch2; // of 2j xi0, 2j eta0
  double xi = xi0, eta = eta0;
  for (int j = 1; j <= 6; ++j) {
    xi += k.alpha[j] * sj * chj;
    eta += k.alpha[j] * cj * shj;
    const double sn = sj * c2 + cj * s2, cn = cj * c2 - sj * s2;
    const double shn = shj * ch2 + chj * sh2, chn = chj * ch2 + shj * sh2;
    sj = sn, cj = cn, shj = shn, chj = chn;
  }
  return {500000.0 + k.rectA * eta, k.rectA * xi}; // k0 = 1, false easting 500 km, no false northing
}

void GaussKruger3::forward(double *xs, double *ys, std::size_t n) const
{
  for (std::size_t i = 0; i < n; ++i) {
    const Point p = forward(Point{xs[i], ys[i]});
    xs[i] = p.x;
    ys[i] = p.y;
  }
}

void GaussKruger3::forward(std::vector<Point> &pts) const
{
  for (Point &p : pts)
    p = forward(p);
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
