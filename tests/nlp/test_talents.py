"""Talents the watch does not name, found in praising posts about creative work (real spaCy recognisers)."""

import pytest

from nlp.pipeline import Analyzer, TextInput
from nlp.talents import RECOGNISED_CHARS, creative_context
from portevoix.watch import parse_watch

pytestmark = pytest.mark.slow
WATCH = parse_watch('name = "fans"\n[[brands]]\nname = "Fnac"\n[[talents]]\nname = "Pomme"\n')


@pytest.fixture(scope="module")
def analyzer():
    return Analyzer(WATCH)


def test_a_praised_artist_is_found_by_name(analyzer):
    french, english, watched = analyzer.analyze([
        TextInput("1", "Je recommande le dernier album de Jean-Jacques Goldman, ses chansons sont superbes."),
        TextInput("2", "You need to hear the new album by Billie Eilish, every song is gorgeous."),
        TextInput("3", "Le concert de Pomme hier soir était magnifique, je recommande !"),
    ])
    assert "jean-jacques-goldman" in french.talent_signals and french.signals["talent_endorsement"].score >= 0.5
    evidence = french.talent_signals["jean-jacques-goldman"]
    assert french_text(evidence) == "Jean-Jacques Goldman"
    assert "billie-eilish" in english.talent_signals
    assert list(watched.talent_signals) == ["pomme"]  # a watch talent is named: nobody else is looked for


def french_text(evidence):
    return "Je recommande le dernier album de Jean-Jacques Goldman, ses chansons sont superbes."[evidence.start : evidence.end]


def test_no_talent_without_praise_or_without_creative_work(analyzer):
    shop, panned = analyzer.analyze([
        TextInput("1", "Livraison rapide chez Fnac, je recommande ce site à Marie Dupont."),
        TextInput("2", "Le dernier album de Jean-Jacques Goldman est une déception, chansons ratées, je ne le recommande pas."),
    ])
    assert shop.talent_signals == {} and panned.talent_signals == {}


def test_a_watch_talent_written_in_lower_case_is_endorsed():
    fans = Analyzer(parse_watch('name = "fans"\n[[brands]]\nname = "Fnac"\n[[talents]]\nname = "Pomme Dupont"\n'))
    [comment] = fans.analyze([TextInput("1", "this video is great, I like this and pomme dupont")])
    assert comment.signals["talent_endorsement"].score >= 0.5


def test_a_title_is_not_the_talent(analyzer):
    novel, quoted, song = analyzer.analyze([
        TextInput("1", "Une merveille ! La suite du roman L'ORPHELINE DU BOIS DES LOUPS, je ne peux que le recommander."),
        TextInput("2", "Je vous recommande vraiment l'album « A Rush of Blood to the Head » de Coldplay : des chansons superbes, une voix magnifique."),
        TextInput("3", "I highly recommend the song Fantasy Girl by Billie Eilish, a gorgeous track."),
    ])
    assert not any("orpheline" in talent for talent in novel.talent_signals)
    assert list(quoted.talent_signals) == ["coldplay"]
    assert list(song.talent_signals) == ["billie-eilish"]


def test_ordinary_words_are_not_talents(analyzer):
    posts = analyzer.analyze([
        TextInput("1", "Un beau roman de Noël ! Ce que j'ai aimé, c'est que l'histoire ne se déroule pas du tout comme prévu."),
        TextInput("2", "Roman dévoré en quelques nuits !"),
        TextInput("3", "Superbe livre! \"May\" c'est le genre de livre qu'on repose à regret."),
    ])
    assert [post.talent_signals for post in posts] == [{}, {}, {}]


def test_a_work_said_to_be_one_is_not_its_maker(analyzer):
    album, novel, song = analyzer.analyze([
        TextInput("1", "Un album qui fait planer. Steve McQueen est un album de Prefab Sprout, superbe et plein de sensibilité."),
        TextInput("2", "Eva Luna est le deuxième roman d'Isabel Allende que je lis, une merveille."),
        # The maker of the work said to be one is the maker still.
        TextInput("3", "Superbe album, plus stonien. 14 Years d'Izzy Stradlin est le morceau ultime dans ce genre, je recommande."),
    ])
    assert list(album.talent_signals) == ["prefab-sprout"]
    assert list(novel.talent_signals) == ["isabel-allende"]
    assert list(song.talent_signals) == ["izzy-stradlin"]


def test_the_words_a_recogniser_runs_into_are_not_the_name(analyzer):
    thanked, record, unknown = analyzer.analyze([
        TextInput("1", "Un roman magnifique, je le recommande. Merci Mme Grémillon pour ces heures de lecture !"),
        TextInput("2", "Superbe !! Ce Cd de Coldplay est genial, les chansons sont superbes."),
        TextInput("3", "Très belle voix. Je ne connaissais pas ce chanteur, un album superbe, je le recommande."),
    ])
    assert [evidence.text for evidence in thanked.talent_signals.values()] == ["Mme Grémillon"]
    assert list(record.talent_signals) == ["coldplay"]
    assert not any("connaissais" in talent for talent in unknown.talent_signals)


def test_a_story_makes_a_creative_context_and_its_characters_are_not_talents(analyzer):
    author, character, narrator, quest = analyzer.analyze([
        # Only the story's words say this is about a book: the author is endorsed.
        TextInput("1", "Quelle lecture ! Sophie Marchand signe un récit bouleversant, j'ai adoré."),
        TextInput("2", "J'ai adoré suivre le personnage de Lucien Marlot, quelle lecture passionnante !"),
        TextInput("3", "Lucien Marlot est le narrateur de ce récit superbe, je le recommande."),
        TextInput("4", "Un régal : les aventures de Lucien Marlot sont toujours aussi drôles, lecture recommandée."),
    ])
    assert list(author.talent_signals) == ["sophie-marchand"]
    assert character.talent_signals == {} and narrator.talent_signals == {} and quest.talent_signals == {}


def test_articles_interjections_and_genres_are_not_names(analyzer):
    beatles, interjection, genre, first_name = analyzer.analyze([
        TextInput("1", "Un album de référence : en 1967 les Beatles enregistrent un chef-d'oeuvre, je recommande."),
        TextInput("2", "Bon ben décidément, cet album est superbe, j'adore !"),
        TextInput("3", "Super album de Hard Rock, des chansons géniales, je recommande."),
        TextInput("4", "Superbe album, Bon Scott chante comme jamais, je recommande."),
    ])
    assert list(beatles.talent_signals) in ([], ["beatles"])  # never "les-beatles"
    assert interjection.talent_signals == {}
    assert genre.talent_signals == {}
    assert list(first_name.talent_signals) == ["bon-scott"]


def test_a_drawn_out_interjection_and_a_pronoun_are_not_names_and_the_maker_wins_a_tie(analyzer):
    manga, pronoun = analyzer.analyze([
        # "Aaah Dragon Ball" and "Akira Toriyama" are both read as people: the one who created the work is the talent
        TextInput("1", "Aaah Dragon Ball, qui ne connait pas cet univers mythique créé par Akira Toriyama, le mangaka le plus populaire au monde, un régal !"),
        TextInput("2", "Trés bon. Que ca fait du bien un tel CD, superbe !"),
    ])
    assert list(manga.talent_signals) == ["akira-toriyama"]
    assert pronoun.talent_signals == {}


def test_an_artists_record_and_a_bands_fans_name_the_artist(analyzer):
    latest, fans = analyzer.analyze([
        TextInput("1", "Au fil des écoutes, on s'aperçoit que ce nouveau Coldplay est beaucoup plus subtil qu'il n'y paraît, superbe album."),
        # The recogniser reads "Garbage" here as a place.
        TextInput("2", "Malgré une longue attente, tous les fans de Garbage prennent une grande bouffée d'air frais avec ce troisième album superbe."),
    ])
    assert list(latest.talent_signals) == ["coldplay"]
    assert list(fans.talent_signals) == ["garbage"]


def test_a_comparison_and_a_run_from_an_ordinary_word_name_nobody(analyzer):
    compared, pop = analyzer.analyze([
        TextInput("1", "Bof. À l'image du dernier Korn, le succès ramollit les groupes américains. Cet album reste superbe, je recommande."),
        TextInput("2", "Un concentré de Pop. Cet album est l'un de mes préférés, superbe."),
    ])
    assert "korn" not in compared.talent_signals
    assert not any("pop" in talent for talent in pop.talent_signals)


@pytest.mark.parametrize("name", ["Hard Rock", "Rock'n'Roll", "Rock n Roll", "Rock & Roll", "R&B", "Punk-Rock"])
def test_a_genre_is_no_name(name):
    from nlp.talents import _common_words

    assert _common_words(name, "en")


def test_a_readers_thanks_for_a_review_copy_endorse_nobody(analyzer):
    thanks, praised = analyzer.analyze([
        TextInput("1", "Je tiens à remercier Jean Louis Roujean pour l'envoi de son SP pour son premier roman."),
        TextInput("2", "Merci pour l'envoi de ce SP : un roman bouleversant de Jean Louis Roujean, j'ai adoré."),
    ])
    assert thanks.talent_signals == {}
    assert list(praised.talent_signals) == ["jean-louis-roujean"]  # the praise beside the thanks still counts


def test_someone_met_in_a_volume_is_a_character(analyzer):
    [series] = analyzer.analyze([TextInput("1", "Pour ceux qui ne le connaissent pas encore, il est temps de découvrir Lanfeust de Troy dans le tome 9, une histoire complète.")])
    assert series.talent_signals == {}


def test_someone_taken_as_a_character_is_no_talent(analyzer):
    [saint] = analyzer.analyze([TextInput("1", "Un livre superbe, avec François d'Assise comme personnage central : on s'attend à un mélange heureux d'histoire et de poésie.")])
    assert saint.talent_signals == {}


def test_an_author_one_reads_is_endorsed(analyzer):
    [author] = analyzer.analyze([TextInput("1", "Eric Pessan a l'art de me faire ressentir un stress intense à chaque fois que je le lis !")])
    assert list(author.talent_signals) == ["eric-pessan"]


def test_fans_campaigning_for_views_endorse_the_artist():
    fans = Analyzer(parse_watch('name = "fans"\n[[brands]]\nname = "Fnac"\n[[talents]]\nname = "Katy Perry"\naliases = ["Katy"]\n'))
    campaign, ordinary = fans.analyze([
        TextInput("1", "ATTENTION : WE NEED 10 Million Views More for FIREWORK to Reach 500M .. only 1 day left for katy's birthday."),
        TextInput("2", "Katy Perry was on TV last night."),
    ])
    assert campaign.signals["talent_endorsement"].score >= 0.5
    assert ordinary.signals["talent_endorsement"].score < 0.5


def test_the_sentence_naming_a_talent_is_read_to_its_end(analyzer):
    # The recogniser reads the post's first RECOGNISED_CHARS characters; the sentence naming Coltrane turns to praise after them.
    opening = "Un trésor retrouvé. Tout d'abord, il s'agit d'enregistrements totalement inédits, et leur qualité sonore est exceptionnelle. Ils ont été retrouvés dans les archives de la Library of Congress à Washington, sur des bandes que personne n'avait écoutées depuis 1957. "
    text = opening + "De John Coltrane avec Thelonious Monk en concert, nous ne disposions que d'un témoignage de médiocre qualité sonore, réédité maintes et maintes fois, sous des titres et des pochettes qui changeaient d'une édition à l'autre, par des maisons de disques peu scrupuleuses, mais qui constituait néanmoins un document historique et incontournable."
    assert text.index("Coltrane") < RECOGNISED_CHARS < text.index("incontournable")
    [review] = analyzer.analyze([TextInput("1", text)])
    assert list(review.talent_signals) == ["john-coltrane"]


def test_advice_to_hear_someone_else_endorses_no_one_panned(analyzer):
    panned, = analyzer.analyze([TextInput("1", "Le dernier album de Pomme est une vraie daube, à fuir. Écoutez plutôt les disques de Barbara.")])
    assert panned.signals["recommendation"].score >= 0.5
    assert panned.talent_signals.get("pomme", None) is None or panned.talent_signals["pomme"].score < 0.5


def test_advice_to_hear_someone_else_endorses_them(analyzer):
    discovered, watched = analyzer.analyze([
        TextInput("1", "Ce disque est une daube, à fuir comme la peste. Si vous voulez un vrai groupe, écoutez Joy Division, mais fuyez celui-ci."),
        TextInput("2", "Le dernier album de ce groupe est nul, des chansons ratées. Écoutez plutôt Pomme."),
    ])
    evidence = discovered.talent_signals["joy-division"]
    assert evidence.score >= 0.5 and discovered.signals["talent_endorsement"].score >= 0.5
    assert "Ce disque est une daube, à fuir comme la peste. Si vous voulez un vrai groupe, écoutez Joy Division"[evidence.start : evidence.end] == "Joy Division"
    assert watched.talent_signals["pomme"].score >= 0.5


def test_an_award_is_not_the_talent(analyzer):
    awarded, = analyzer.analyze([TextInput("1", "Grammy Award bien mérité ! L'album de Billie Eilish est superbe, chaque chanson est magnifique.")])
    assert "grammy-award" not in awarded.talent_signals


def test_the_readers_taste_a_review_appeals_to_is_no_talent(analyzer):
    compared, french, named_after = analyzer.analyze([
        TextInput("1", "One of the best albums I have ever heard. If you like good music like the Beatles, the Kinks or Radiohead, then you will not be disappointed by this CD."),
        TextInput("2", "Un album superbe. Si vous aimez Jacques Brel et Barbara, vous ne serez pas déçus par ce disque magnifique."),
        TextInput("3", "If you liked Radiohead, you will love the new album by Billie Eilish, every song is gorgeous."),
    ])
    assert not compared.talent_signals and compared.signals["talent_endorsement"].score < 0.5
    assert not french.talent_signals
    assert "radiohead" not in named_after.talent_signals and "billie-eilish" in named_after.talent_signals


def test_a_mixed_post_endorses_only_in_a_sentence_that_praises(analyzer):
    discovered, aside, watched, unpraised = analyzer.analyze([
        TextInput("1", "Nina Berberova signe un roman magnifique. La fin est un peu trop désespérée pour moi, dommage."),
        TextInput("2", "Le dernier roman de Jean-Jacques Goldman sort demain. Certaines pages sont superbes, d'autres décevantes."),
        # (the French polarity head reads the bare "Pomme a une voix sublime. Les arrangements sont décevants."
        # 0.73 negative: since signals 0.5.9 it settles a "mixed" from 0.7, so this one praises a little more)
        TextInput("3", "Pomme a une voix sublime, quel talent. Les arrangements sont décevants."),
        TextInput("4", "Pomme sort un album demain. Écran magnifique, batterie décevante."),
    ])
    assert {r.signals["sentiment"].label for r in (discovered, aside, watched, unpraised)} == {"mixed"}
    assert list(discovered.talent_signals) == ["nina-berberova"]
    assert aside.talent_signals == {}
    assert list(watched.talent_signals) == ["pomme"]
    assert unpraised.talent_signals == {}


def test_reading_and_music_genres_send_a_post_to_the_recogniser_but_name_nobody_alone(analyzer):
    reader, funk, easy = analyzer.analyze([
        TextInput("1", "Le plaisir de lire Thomas Mann. Une écriture chatoyante, colorée, époustouflante."),
        TextInput("2", "Ça groove, c'est électrique et funky, James Brown au sommet, superbe !"),
        TextInput("3", "Bien écrit. Très distrayant. Facile à lire la nuit lors de mes insomnies, j'ai bien aimé."),
    ])
    assert list(reader.talent_signals) == ["thomas-mann"]
    assert list(funk.talent_signals) == ["james-brown"]
    assert easy.talent_signals == {}


def test_someone_else_with_a_first_name_near_a_watch_talents_is_not_them():
    analyzer = Analyzer(parse_watch('name = "fans"\n[[brands]]\nname = "Fnac"\n[[talents]]\nname = "Katy Perry"\naliases = ["Katty"]\n'))
    other, misspelt, elided = analyzer.analyze([
        TextInput("1", "Déjà quatre tomes. Kathy Reichs a réussi son coup. Une lecture agréable, reposante, je recommande."),
        TextInput("2", "Kathy is the best! love this song"),
        TextInput("3", "J ai adoré ce livre. Le style simple mais efficace de L autrice. C est très bien mené."),
    ])
    assert list(other.talent_signals) == ["kathy-reichs"]  # found as herself, not as a misspelt "Katty"
    assert list(misspelt.talent_signals) == ["katy-perry"]
    assert elided.talent_signals == {}  # "L autrice" is the author, unnamed


def test_a_watch_talent_addressed_by_surname_is_named():
    analyzer = Analyzer(parse_watch('name = "fans"\n[[brands]]\nname = "Fnac"\n[[talents]]\nname = "Katy Perry"\n'))
    [thanks] = analyzer.analyze([TextInput("1", "Whenever i hear this song i feel goosebumps. Its quite inspiring!! Thanks miss Perry!")])
    assert list(thanks.talent_signals) == ["katy-perry"]
    assert thanks.talent_signals["katy-perry"].text == "miss Perry"


def test_an_artist_promoting_their_own_work_endorses_no_one(analyzer):
    own, fan = analyzer.analyze([
        TextInput("1", "Hey everyone, I'm Dakoda Bigelow. I'm a 17 year old singer, rapper and producer. Check out my brand new music video for my song So Gone! You won't regret it, great song :)"),
        TextInput("2", "Dakoda Bigelow is a great singer, his new song So Gone is gorgeous."),
    ])
    assert own.signals["self_promotion"].score >= 0.5 and own.talent_signals == {}
    assert "dakoda-bigelow" in fan.talent_signals
    # Nor the watch's talent whose video the artist praises as a hook for their own song
    [hook] = analyzer.analyze([TextInput("3", "Such a good song and Pomme sounds great. Im growing as an artist everyday from my hit song 'CRAZY', check out my channel!", "en")])
    assert hook.signals["self_promotion"].score >= 0.5 and hook.talent_signals == {}


def test_an_influence_or_a_reference_is_not_the_talent(analyzer):
    influence, reference = analyzer.analyze([
        TextInput("1", "UN MUST ! Ça groove, c'est électrique et funky, grosse influence de James Brown et d'Hendrix... Le son est superbe, un album indépassable."),
        TextInput("2", "Un roman superbe, ce récit entremêle les vampires, les références à Bram Stocker, Sherlock Holmes et Watson. Je le recommande."),
    ])
    assert influence.talent_signals == {} and reference.talent_signals == {}
    [lineage] = analyzer.analyze([TextInput("3", "Un polar passionnant, à lire au coin du feu, dans la droite lignée de Christie ou Dickson Carr.")])
    assert lineage.talent_signals == {}  # a lineage, and the names after an "ou"


def test_a_work_said_to_be_the_makers_masterpiece_names_the_maker(analyzer):
    [review] = analyzer.analyze([TextInput("1", "Très bel album. A mon goût inférieur à Immortal Memory qui est LE CHEF d'OEUVRE de Lisa Gerrard, mais c'est quand même une très grande chose.")])
    assert list(review.talent_signals) == ["lisa-gerrard"]


@pytest.mark.parametrize("name", ["bonne livraison", "s’avère", "lu l’histoire"])
def test_ordinary_words_nobody_capitalised_are_no_name(name):
    from spacy.lang.fr import French
    from nlp.talents import _clean

    doc = French()(f"Super album de {name} vraiment")
    entity = doc.char_span(len("Super album de "), len("Super album de ") + len(name), label="PER")
    assert _clean(entity, doc.text)[0] == ""


@pytest.mark.parametrize(
    "text, talents",
    [
        ("Dans ce brillant essai, Régis Boyer, grand connaisseur de la littérature médiévale scandinave, éclaire la naissance des sagas. Passionnant.", ["regis-boyer"]),
        ("Ce roman passionnant est une biographie romancée de la vie d'Alex Dumas, un destin magnifique.", []),  # its subject
        ("Histoire d'O est assurément un ouvrage de référence, superbe et subtil.", []),  # a title
    ],
)
def test_literature_is_creative_work_and_a_biographys_subject_is_no_talent(analyzer, text, talents):
    [post] = analyzer.analyze([TextInput("1", text)])
    assert list(post.talent_signals) == talents


@pytest.mark.parametrize(
    "text, talent",
    [
        ("J'adore l'écriture d'Amélie Nothomb.", "amelie-nothomb"),  # a writer's style is creative work
        ("In 1990 Troop was the premier R&B group, some of the best songs of the era.", "troop"),  # a genre's group
        # A first name in two parts is a person's name in two words or more; so is someone read
        ("Jean-Louis Fournier est toujours aussi drôle, quel bonheur de le lire.", "jean-louis-fournier"),
        ("Un classique incontournable. Mais qui a encore envie de lire Corneille de nos jours ?", "corneille"),
        # "The first Lévy I read": the rank of the artist's work read is no part of the name
        ("Premier Lévy que je lis et j'ai adoré. L'écriture est fluide.", "levy"),
        # A family saga is creative work; a full name wins over a lone word the recogniser took for a name
        ("Clarisse Sabard réussit comme à chaque fois avec brio les sagas familiales.", "clarisse-sabard"),
        ("Convoquer la figure du poète pour sortir d'un rêve est pour Antoine Wauters un exercice intense et jubilatoire.", "antoine-wauters"),
        # Someone one has read is creative work's maker, with no creative word beside the name
        ("J'avais lu La Controverse de Valladolid, écouté plusieurs interviews de Jean-Claude Carrière : quel bonheur.", "jean-claude-carriere"),
        # A masterpiece is creative work
        ("Un véritable chef d'oeuvre. Rémy Zéro parvient à créer son propre univers.", "remy-zero"),
    ],
)
def test_writers_and_groups_named_as_fans_name_them(analyzer, text, talent):
    [post] = analyzer.analyze([TextInput("1", text)])
    assert list(post.talent_signals) == [talent] and post.signals["talent_endorsement"].score >= 0.5


@pytest.mark.parametrize(
    "text, talent",
    [
        ("It has no substance and gets irritating after two songs. If you want good electronic stuff to dance to, go for something like Daft Punk or Justice.", "daft-punk"),
        ("Quelle horreur cet album ! Il y a bien mieux à écouter, les Beatles par exemple.", "beatles"),
    ],
)
def test_whom_advice_to_take_something_else_names_needs_no_creative_word_beside_it(analyzer, text, talent):
    [post] = analyzer.analyze([TextInput("1", text)])
    assert post.signals["recommendation"].label == "alternative"
    assert list(post.talent_signals) == [talent]


def test_a_bracket_inside_a_word_is_no_name(analyzer):
    # The recogniser reads "studio(il" as a name: a tokeniser's seam, not an artist.
    text = "un premier jet reussi, ce 1er disque enregistre en 1 journee de studio(il fallait le faire). Bien sur chaque album des beatles est indispensable"
    [post] = analyzer.analyze([TextInput("1", text, "fr")])
    assert list(post.talent_signals) == ["beatles"]


def test_a_name_ends_on_no_stop_word_of_either_language(analyzer):
    # French reviews quote English titles ("Down To The Waterline", cut to three words) and misspell "très".
    quoted, misspelt = analyzer.analyze([
        TextInput("1", "Un album superbe, avec Down To The Waterline.", "fr"),
        TextInput("2", "Jamais déçu par cet auteur,Trés agreable a lire,on le dévore.Je recommande vivement ce livre.", "fr"),
    ])
    assert quoted.talent_signals == {} and misspelt.talent_signals == {}


def test_a_maker_named_after_a_typographic_apostrophe_is_no_title(analyzer):
    [post] = analyzer.analyze([TextInput("1", "Et pourtant… Ce roman d’Amin Maalouf touche au cœur, particulièrement.", "fr")])
    assert list(post.talent_signals) == ["amin-maalouf"]


def test_a_watch_talents_name_in_lower_case_that_is_a_word_is_that_word():
    fans = Analyzer(parse_watch('name = "fans"\n[[brands]]\nname = "Fnac"\n[[talents]]\nname = "Psy"\n[[talents]]\nname = "Pomme"\n'))
    psychologists, fruit, named = fans.analyze([
        TextInput("1", "Ce livre très émouvant confirme ce que disent tous les psy. Vraiment une réussite, je le recommande.", "fr"),
        TextInput("2", "Un album superbe, à écouter en mangeant une pomme.", "fr"),
        TextInput("3", "Le dernier album de Pomme est superbe, je le recommande.", "fr"),
    ])
    assert psychologists.talent_signals == {} and fruit.talent_signals == {}
    assert list(named.talent_signals) == ["pomme"]
    [typed_fast] = Analyzer(parse_watch('name = "fans"\n[[brands]]\nname = "Fnac"\n[[talents]]\nname = "Eminem"\n')).analyze([
        TextInput("4", "I love this-the talents of eminem and Skylar,works well together", "en"),
    ])
    assert typed_fast.signals["talent_endorsement"].score >= 0.5  # no English word: the name, typed fast


def test_a_mixed_post_endorses_in_a_sentence_that_praises_with_a_reservation(analyzer):
    [post] = analyzer.analyze([TextInput("1", "Nina Berberova propose un très beau roman sur l'exil, peut-être un peu trop désespéré pour moi.", "fr")])
    assert post.signals["sentiment"].label == "mixed" and list(post.talent_signals) == ["nina-berberova"]


def test_a_name_in_a_books_credits_is_a_maker_whatever_its_label(analyzer):
    # The recogniser takes "Zidrou (Auteur)" for a place.
    [post] = analyzer.analyze([TextInput("1", "Un bon moment de passé avec l'élève Ducobu, silence on copie ! de Zidrou (Auteur), et Godi (Illustrations).", "fr")])
    assert list(post.talent_signals) == ["zidrou"]


def test_a_delivery_is_no_book():
    # Folded, "livrés" would read as "livres": a shop's review is no creative work.
    assert not creative_context("Commande reçue, produits bien livrés en deux jours, super vendeur.")
    assert creative_context("Un super livre, à offrir.")


def test_a_writer_named_after_the_story_told_is_found(analyzer):
    # Reviews open on the story and name the writer later: past 300 characters, within those the recogniser reads.
    story = ("Colin et Chloé s'aiment dans un monde où travailler est mal vu et où le soleil est liquide. Leur bonheur est mis "
             "en péril par un nénuphar qui a pris ses quartiers dans un des poumons de Chloé, et leurs amis se ruinent pour les "
             "livres d'un philosophe à la mode. Un monde surréaliste, décalé, qui est aussi une critique à demi cachée de notre société. ")
    text = story + "J'ai découvert Boris Vian avec grand plaisir, un régal pour l'imaginaire."
    assert 300 < text.index("Boris Vian") < RECOGNISED_CHARS
    [review] = analyzer.analyze([TextInput("1", text)])
    assert list(review.talent_signals) == ["boris-vian"]



@pytest.mark.parametrize(
    "text, endorsed",
    [
        # A verdict said of the name itself, where the post's sentiment reads it weakly or not at all
        ("Pomme is a legend", True),
        ("Pomme est une légende", True),
        ("Pomme rocks", True),
        ("Pomme is not the best, honestly", False),
    ],
)
def test_a_verdict_said_of_the_talent_endorses_them(analyzer, text, endorsed):
    [post] = analyzer.analyze([TextInput("1", text)])
    assert (post.signals["talent_endorsement"].score >= 0.5) is endorsed
