"""Linking petitions that name no matter to the matter they are about.

One matter should keep one record: a resident who petitions again often
does not quote the matter's number. A petition without a matter_id is linked
to an open matter of the same group and category, active within a window
before it, when it shares a petitioner (pseudonyms compare exactly), its
summary is very like the matter's (character n-gram TF-IDF, which works for
Chinese without word segmentation), or it names the same problem (topics.py)
within the shorter window. A petition that names a different problem than the
matter never joins it, even from the same petitioner: one category in one
group holds several matters. Among several candidates the closest wins. The linker has the scikit-learn
shape and sees only what it is given:
callers pass records up to their as-of day.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from sklearn.preprocessing import normalize
from sklearn.utils.validation import check_is_fitted

from . import topics

SOME_WORDS = 0.05  # similarity below which two texts share nothing worth the name


class MatterLinker(BaseEstimator):
    """Suggest the matter a petition belongs to.

    Parameters
    ----------
    window_days : int   how long after a matter's last petition a new one may still be about it
    min_similarity : float   summary similarity (0-1) that links without a shared petitioner
    text_window_days : int   the (shorter) window for a link on similarity alone
    """

    def __init__(self, window_days: int = 120, min_similarity: float = 0.75, text_window_days: int = 60):
        self.window_days = window_days
        self.min_similarity = min_similarity
        self.text_window_days = text_window_days

    def fit(self, linked: pd.DataFrame) -> MatterLinker:
        """``linked``: petitions with a matter_id (group_id, category, petitioner, summary, received_date).

        A matter's text vector is the TF-IDF of all its summaries together: the sum of the summaries'
        unnormalised vectors, normalised (the same as vectorising the joined text, without joining strings).
        """
        linked = linked.dropna(subset=["matter_id"])
        texts = linked["summary"].fillna("").astype(str)
        self.counter_ = CountVectorizer(analyzer="char_wb", ngram_range=(2, 3), min_df=1)
        self.counter_.fit(pd.Series(pd.unique(texts)) if texts.str.len().sum() else pd.Series(["-"]))
        self.weights_ = TfidfTransformer(norm=None)  # idf from every petition, repeated texts included
        weighted = self.weights_.fit_transform(self._counts(texts))
        codes, names = pd.factorize(linked["matter_id"], sort=True)
        # per matter: its first petition's category, first known group and last day (without a slow groupby
        # over text columns: a city's year holds hundreds of thousands of petitions)
        rows = pd.DataFrame(
            {
                "code": codes,
                "group_id": linked["group_id"].to_numpy(),
                "category": linked["category"].to_numpy(),
                "day": pd.to_datetime(linked["received_date"]).to_numpy().astype("datetime64[D]"),
            }
        )
        firsts = rows.drop_duplicates("code").set_index("code")
        groups = rows.dropna(subset=["group_id"]).drop_duplicates("code").set_index("code")["group_id"]
        every = range(len(names))
        self.matters_ = pd.DataFrame(
            {
                "group_id": groups.reindex(every).to_numpy(),
                "category": firsts["category"].reindex(every).to_numpy(),
                "last": rows.groupby("code")["day"].max().reindex(every).to_numpy(),
            },
            index=pd.Index(names, name="matter_id"),
        )
        owners = sparse.csr_matrix(
            (np.ones(len(codes)), (codes, np.arange(len(codes)))), shape=(len(self.matters_), len(codes))
        )
        self.matter_vectors_ = normalize(owners @ weighted) if len(self.matters_) else None
        self.last_days_ = self.matters_["last"].to_numpy().astype("datetime64[D]")
        # what each matter is about: the topics its petitions name (a petitioner's other problem is not it)
        self.matter_topics_ = (
            pd.Series(topics.masks(texts.to_numpy()), dtype="int64")
            .groupby(codes)
            .agg(np.bitwise_or.reduce)
            .reindex(every, fill_value=0)
            .to_numpy()
        )
        people = pd.DataFrame({"matter": codes, "petitioner": linked["petitioner"].to_numpy()}).dropna()
        people = people.drop_duplicates()
        self.petitioner_pairs_ = pd.MultiIndex.from_arrays(
            [people["matter"].to_numpy(), people["petitioner"].to_numpy()]
        )
        return self

    def _counts(self, texts: pd.Series):
        """n-gram counts of each text, each distinct text analysed once (ledgers repeat summaries a lot)."""
        codes, distinct = pd.factorize(texts)
        return self.counter_.transform(pd.Series(distinct, dtype=object))[codes]

    def predict(self, petitions: pd.DataFrame) -> pd.DataFrame:
        """For each petition: the suggested matter_id (or None), the reason and the similarity.

        All (petition, candidate matter) pairs of the same group and category are scored at once: a shared
        petitioner beats any similarity; similarity alone links within the shorter window; among equals the
        matter active most recently wins.
        """
        check_is_fitted(self, "matters_")
        out = pd.DataFrame(
            {
                "matter_id": pd.Series([None] * len(petitions), dtype=object),
                "reason": pd.Series([None] * len(petitions), dtype=object),
                "similarity": 0.0,
            },
            index=petitions.index,
        )
        if not len(petitions) or not len(self.matters_):
            return out
        asked = pd.DataFrame(
            {
                "row": np.arange(len(petitions)),
                "group_id": petitions["group_id"].to_numpy(),
                "category": petitions["category"].to_numpy(),
                "petitioner": petitions["petitioner"].to_numpy(),
                "day": pd.to_datetime(petitions["received_date"]).to_numpy(),
            }
        )
        profile = pd.DataFrame(
            {
                "matter": np.arange(len(self.matters_)),
                "group_id": self.matters_["group_id"].to_numpy(),
                "category": self.matters_["category"].to_numpy(),
            }
        )
        pairs = asked.dropna(subset=["group_id"]).merge(
            profile.dropna(subset=["group_id"]), on=["group_id", "category"]
        )
        if pairs.empty:
            return out
        since = (pairs["day"].to_numpy().astype("datetime64[D]") - self.last_days_[pairs["matter"].to_numpy()]).astype(
            int
        )
        pairs = pairs[(since >= 0) & (since <= self.window_days)].assign(
            since=since[(since >= 0) & (since <= self.window_days)]
        )
        if pairs.empty:
            return out
        vectors = normalize(self.weights_.transform(self._counts(petitions["summary"].fillna("").astype(str))))
        rows, matters = pairs["row"].to_numpy(), pairs["matter"].to_numpy()
        similarity = np.asarray(vectors[rows].multiply(self.matter_vectors_[matters]).sum(axis=1)).ravel()
        shared = pd.MultiIndex.from_arrays([matters, pairs["petitioner"].to_numpy()]).isin(self.petitioner_pairs_)
        asked_topics = topics.masks(petitions["summary"].to_numpy())[rows]
        matter_topics = self.matter_topics_[matters]
        unrelated = topics.different_masks(asked_topics, matter_topics)  # one category, another problem
        recent = pairs["since"].to_numpy() <= self.text_window_days
        textual = (similarity >= self.min_similarity) & recent
        same_issue = ((asked_topics & matter_topics) != 0) & recent  # a neighbour about the same problem
        # a shared petitioner needs the same problem, or at least some words in common when no topic is named
        # ("咨询相关政策规定" from a matter's resident is a question, not the matter)
        silent = (petitions["summary"].fillna("").astype(str).str.strip() == "").to_numpy()[rows]
        shared = shared & (((asked_topics & matter_topics) != 0) | (similarity >= SOME_WORDS) | silent)
        strength = np.where(
            unrelated,
            -1.0,
            np.where(
                shared, 2.0 + similarity, np.where(textual, 1.0 + similarity, np.where(same_issue, similarity, -1.0))
            ),
        )
        # rounded, so that equal similarities computed in another order still tie; then the matter active
        # most recently wins (identical summaries, as in a 311 export, would otherwise pick by chance)
        scored = pd.DataFrame(
            {
                "row": rows,
                "matter": matters,
                "strength": strength.round(9),
                "similarity": similarity,
                "shared": shared,
                "since": pairs["since"].to_numpy(),
            }
        )
        best = (
            scored[scored["strength"] >= 0]
            .sort_values(["row", "strength", "since", "matter"], ascending=[True, False, True, True])
            .drop_duplicates("row")
        )
        positions = best["row"].to_numpy()
        out.iloc[positions, 0] = self.matters_.index[best["matter"].to_numpy()].to_numpy()
        out.iloc[positions, 1] = np.where(
            best["shared"], "same_petitioner", np.where(best["strength"] >= 1.0, "similar_summary", "same_issue")
        )
        out.iloc[positions, 2] = best["similarity"].round(3).to_numpy()
        return out


ROUNDS = 3


def link_unassigned(petitions: pd.DataFrame) -> pd.DataFrame:
    """Links for the petitions without a matter, learned from those with one (all rows given count).

    Petitions are taken in date order so that a link can only point at a matter
    already known on the petition's own day.
    """
    found_links = []
    current = _linkable(petitions)
    for _ in range(ROUNDS):  # a linked petition brings its petitioner into the matter: link again
        linked = current.dropna(subset=["matter_id"])
        loose = current[current["matter_id"].isna()]
        if linked.empty or loose.empty:
            break
        suggested = MatterLinker().fit(linked).predict(loose)
        found = suggested["matter_id"].notna()
        if not found.any():
            break
        found_links.append(pd.concat([loose.loc[found, ["petition_id"]], suggested[found]], axis=1))
        current = current.copy()
        current.loc[suggested.index[found], "matter_id"] = suggested.loc[found, "matter_id"]
    if not found_links:
        return pd.DataFrame(columns=["petition_id", "matter_id", "reason", "similarity"])
    return pd.concat(found_links).reset_index(drop=True)


def _linkable(petitions: pd.DataFrame) -> pd.DataFrame:
    """The petitions with a matter, and those without whose group and category some matter shares (no other
    can be linked, in any round: a link joins a matter of the same group and category). A city's year has
    hundreds of thousands of petitions naming no matter; most are alone in their group and category."""
    linked = petitions.dropna(subset=["matter_id", "group_id"])
    keys = pd.MultiIndex.from_frame(linked[["group_id", "category"]].drop_duplicates())
    mine = pd.MultiIndex.from_frame(petitions[["group_id", "category"]])
    return petitions[petitions["matter_id"].notna() | mine.isin(keys)]


@dataclass
class LinkingQuality:
    precision: float
    recall: float
    linked: int
    truly_linked: int
    hidden: int


def evaluate(petitions: pd.DataFrame) -> LinkingQuality:
    """Hide the matter of every petition but each matter's first, link again, and compare with the truth.

    A hidden petition linked to its own matter is a true link, to another matter a false one, and not
    linked a miss; a petition that never had a matter and gets one is a false link too.
    """
    ordered = petitions.sort_values(["received_date", "petition_id"])
    first = ~ordered.duplicated("matter_id") | ordered["matter_id"].isna()
    truth = ordered["matter_id"]
    blind = ordered.assign(matter_id=truth.where(first))
    links = link_unassigned(blind).set_index("petition_id")["matter_id"]
    predicted = ordered["petition_id"].map(links)
    hidden = (~first) & truth.notna()
    true_links = int(((predicted == truth) & hidden).sum())
    made = int(predicted.notna().sum())
    return LinkingQuality(
        precision=true_links / made if made else 1.0,
        recall=true_links / int(hidden.sum()) if hidden.any() else 1.0,
        linked=made,
        truly_linked=true_links,
        hidden=int(hidden.sum()),
    )


def suggest_for(db, petition_ids: list[str]) -> pd.DataFrame:
    """For petitions that name no matter: the likely existing matter, and why (FixMyStreet-style)."""
    if not petition_ids:
        return pd.DataFrame(columns=["petition_id", "matter_id", "reason", "similarity"])
    with db.in_use():
        db.register("_asked", pd.DataFrame({"petition_id": list(petition_ids)}))
        try:
            asked = db.query(
                "SELECT p.petition_id, p.received_date, p.group_id, p.category, p.petitioner, p.summary, "
                "p.matter_id FROM petitions AS p JOIN _asked USING (petition_id) WHERE p.matter_id IS NULL"
            )
        finally:
            db.unregister("_asked")
    if asked.empty:
        return pd.DataFrame(columns=["petition_id", "matter_id", "reason", "similarity"])
    known = db.query(
        "SELECT petition_id, received_date, group_id, category, petitioner, summary, matter_id "
        "FROM petitions WHERE matter_id IS NOT NULL AND received_date <= ?",
        [max(asked["received_date"])],
    )
    if known.empty:
        return pd.DataFrame(columns=["petition_id", "matter_id", "reason", "similarity"])
    suggested = MatterLinker().fit(known).predict(asked)
    found = suggested["matter_id"].notna()
    return pd.concat([asked.loc[found, ["petition_id"]], suggested[found]], axis=1).reset_index(drop=True)


def link_petition(db, user, petition_id: str, matter_id: str) -> None:
    """Record that a petition is about a matter (a clerk or officer accepting a suggestion)."""
    from .. import audit
    from ..roles import can, require

    if not can(user, "act_on_alerts"):
        require(user, "enter_records")
    with db.transaction():
        old = db.scalar("SELECT matter_id FROM petitions WHERE petition_id = ?", [petition_id])
        db.execute("UPDATE petitions SET matter_id = ? WHERE petition_id = ?", [matter_id, petition_id])
        db.execute(
            "INSERT INTO record_history VALUES ('petitions', ?, current_timestamp, 'matter_id', ?, ?)",
            [petition_id, old, matter_id],
        )
        audit.record(db, user.username, "record_entered", petition_id, {"linked_to": matter_id})
        db.bump_data_version()


IMPLIED_PREFIX = "P:"  # matters made of petitions that name none: "P:" + the first petition's id


def implied_matters(loose: pd.DataFrame, *, window_days: int = 120, group_size: int = 5) -> pd.DataFrame:
    """Matters formed by petitions that name none and match no existing matter.

    The same petitioner, group, category and problem (topics.py), with no gap
    longer than the window, make one matter when there are two or more
    petitions, or one petition that was a group petition or lodged above the
    street.
    """
    if loose.empty:
        return pd.DataFrame(columns=["petition_id", "matter_id", "reason", "similarity"])
    # what each petition is about: one resident's petitions about two problems make two matters
    loose = loose.assign(_topic=topics.masks(loose["summary"].to_numpy()) if "summary" in loose else 0)
    ordered = loose.sort_values(["group_id", "category", "petitioner", "_topic", "received_date", "petition_id"])
    same_place = pd.Series(True, index=ordered.index)
    for column in ("group_id", "category", "petitioner", "_topic"):  # against the row before (missing = missing)
        values, before = ordered[column], ordered[column].shift()
        same_place &= (values == before) | (values.isna() & before.isna())
    same_place.iloc[:1] = False
    days = pd.to_datetime(ordered["received_date"])
    new_chain = ~same_place | ((days - days.shift()).dt.days > window_days)
    chain = new_chain.cumsum()
    first = ordered.groupby(chain)["petition_id"].transform("first")
    size = ordered.groupby(chain)["petition_id"].transform("size")
    loud = (ordered["people_count"] >= group_size) | (ordered["level"] != "street")
    keep = (size >= 2) | loud.groupby(chain).transform("any")
    chosen = ordered[keep]
    return pd.DataFrame(
        {
            "petition_id": chosen["petition_id"].to_numpy(),
            "matter_id": (IMPLIED_PREFIX + first[keep]).to_numpy(),
            "reason": "same_petitioner",
            "similarity": 0.0,
        }
    )
