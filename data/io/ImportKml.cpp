#include "data/io/ImportKml.h"

#include <cpl_conv.h>
#include <cpl_minixml.h>
#include <cpl_string.h>
#include <cpl_vsi.h>

#include <cmath>
#include <cstring>
#include <memory>

namespace data {

namespace {

// An element's name without its namespace prefix ("kml:Placemark" -> "Placemark").
const char *localName(const CPLXMLNode *n)
{
  const char *colon = std::strrchr(n->pszValue, ':');
  return colon ? colon + 1 : n->pszValue;
}

// The first token of a <coordinates> text that is not a number ("" when all are), with the
// numbers separated by commas and white space as KML writes them.
std::string badToken(const char *text)
{
  std::string token;
  auto bad = [&token] {
    if (token.empty()) return false;
    char *end = nullptr;
    const double v = CPLStrtod(token.c_str(), &end);
    return *end != '\0' || !std::isfinite(v);
  };
  for (const char *p = text;; ++p) {
    if (*p == '\0' || *p == ',' || *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
      if (bad()) return token;
      token.clear();
      if (*p == '\0') return {};
    } else {
      token += *p;
    }
  }
}

// The first unreadable coordinate anywhere under `n` (a Placemark's geometries), or "".
std::string coordinateProblem(const CPLXMLNode *n)
{
  for (const CPLXMLNode *c = n->psChild; c; c = c->psNext) {
    if (c->eType != CXT_Element) continue;
    if (std::strcmp(localName(c), "coordinates") == 0) {
      const std::string token = badToken(CPLGetXMLValue(c, nullptr, ""));
      if (!token.empty()) return "coordinates: '" + token + "' is not a number";
    } else if (std::string p = coordinateProblem(c); !p.empty()) {
      return p;
    }
  }
  return {};
}

struct XmlTree
{
  void operator()(CPLXMLNode *n) const { CPLDestroyXMLNode(n); }
};

// The KML document: the file itself, or the first .kml inside a .kmz (a zip).
std::string kmlDocument(const std::string &path)
{
  VSILFILE *f = VSIFOpenL(path.c_str(), "rb");
  if (!f) return path;
  char magic[2] = {};
  const bool zip = VSIFReadL(magic, 1, 2, f) == 2 && magic[0] == 'P' && magic[1] == 'K';
  VSIFCloseL(f);
  if (!zip) return path;
  const std::string root = "/vsizip/" + path;
  char **names = VSIReadDirRecursive(root.c_str());
  std::string doc;
  for (int i = 0; names && names[i] && doc.empty(); ++i)
    if (EQUAL(CPLGetExtension(names[i]), "kml")) doc = root + "/" + names[i];
  CSLDestroy(names);
  return doc;
}

} // namespace

KmlCoordinateCheck::KmlCoordinateCheck(const std::string &path)
{
  const std::string doc = kmlDocument(path);
  if (doc.empty()) return;
  std::unique_ptr<CPLXMLNode, XmlTree> tree(CPLParseXMLFile(doc.c_str()));
  CPLErrorReset(); // an unreadable file is GDAL's to report, as it reads it
  // Depth first, in file order: the order GDAL returns placemarks of one name in.
  auto walk = [this](auto &self, const CPLXMLNode *n) -> void {
    for (; n; n = n->psNext) {
      if (n->eType != CXT_Element) continue;
      if (std::strcmp(localName(n), "Placemark") == 0)
        mByName[CPLGetXMLValue(n, "name", "")].push_back(coordinateProblem(n));
      else
        self(self, n->psChild);
    }
  };
  walk(walk, tree.get());
}

std::string KmlCoordinateCheck::problem(const std::string &name)
{
  auto it = mByName.find(name);
  if (it == mByName.end() || it->second.empty()) return {};
  std::string p = std::move(it->second.front());
  it->second.pop_front();
  return p;
}

} // namespace data
