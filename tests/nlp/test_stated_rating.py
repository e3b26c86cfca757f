"""The rating a review states in its own words, and what only looks like one."""

import pytest

from nlp.fold import fold
from nlp.stated_rating import stated_stars


@pytest.mark.parametrize(
    "text, stars",
    [
        ("Deux étoiles et j'ai été généreuse.", 2.0),
        ("Bien trop court, mais 6 étoiles sur 5.", 6.0),
        ("Je mets 0 étoile, je ne peux pas moins.", 0.0),
        ("J'aurais mis 0 étoile si je pouvais.", 0.0),  # a wish for less still says the least
        ("Il ne mérite même pas une étoile.", 0.0),
        ("5 stars, the best record of the year.", 5.0),
        ("I'd give it 4/5.", 4.0),
        ("Note finale : 15/20", 3.75),
        ("Great sound, weak lyrics. 7/10", 3.5),
        ("This album deserves a -5 stars.", 0.0),
        ("Very good, half a star off for the mix... 4.5 stars", 4.5),
        ("Sans hésiter : 5 étoiles.", 5.0),
        ("Je n'ai pas été déçue, 5 étoiles !", 5.0),
        ("Loved it ⭐ 5⭐", 5.0),
    ],
)
def test_the_writers_own_rating(text, stars):
    assert stated_stars(fold(text)) == stars


@pytest.mark.parametrize(
    "text",
    [
        "Un hôtel 5 étoiles en plein centre.",  # a category
        "We stayed at a 5 star hotel.",
        "Ne vous fiez pas aux avis 5 étoiles.",  # other people's
        "Don't read the 5 star reviews of this compilation.",
        "Why only 3 stars?",  # a question
        "Anyone who gives this album more than 3 stars is wrong.",  # a threshold
        "Je lui ai retiré une étoile pour la fin.",  # a star taken off
        "I would not rate it as five stars.",  # denied
        "I would have given this 3 stars, but the lyrics are awful.",  # wished
        "Poe était une star de l'équipe locale.",  # someone famous
        "Open 24/7, the 3/10 flight was late.",  # a time and a date, not a rating
        "Le magasin ouvre lundi.",
    ],
)
def test_what_is_no_rating_of_the_writer(text):
    assert stated_stars(fold(text)) is None
