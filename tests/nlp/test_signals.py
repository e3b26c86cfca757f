"""Signal detectors on tables of French and English texts: what they find and the evidence they keep."""

import re

import pytest

from nlp.fold import fold_with_offsets
from nlp.signals import NEGATIVE_WORDS, POSITIVE_WORDS, detect_signals

POSITIVE = 0.5


@pytest.mark.parametrize(
    "text, evidence",
    [
        ("Je recommande vraiment ce shampooing, à tester absolument !", "Je recommande vraiment"),
        ("Foncez, c'est un must-have.", None),
        ("Je vous le conseille les yeux fermés.", "Je vous le conseille"),
        ("Highly recommend this tent, 10/10 would buy again.", "Highly recommend"),
        ("You should definitely try the Kalenji shoes.", "You should definitely try"),
        ("Can't recommend it enough!", "Can't recommend it enough"),
        ("Une merveille ! Je ne peux que le recommander.", "ne peux que le recommander"),
        ("Recommandé aux inconditionnels de Björk.", "Recommandé aux"),
        ("Ce roman est génial, à conseiller à tous les ados.", "à conseiller"),
        ("N'hésitez pas, superbes mélodies.", "N'hésitez pas"),
        ("Achetez et lisez ce livre !", "Achetez et"),
        ("Très bon film, à visionner d'urgence.", "à visionner d'urgence"),
        ("I reccomend this to anyone who likes punk.", "I reccomend"),
        ("If you like the Kinks, you will love this record.", None),
        ("Hank Williams? YOU NEED TO HEAR THESE CDs.", "YOU NEED TO HEAR"),
        ("I suggest you try the Allman Bros.", "I suggest you try"),
        ("Il faut absolument lire ce roman.", "Il faut absolument lire"),
        ("Il faut l'avoir dans sa discothèque.", "Il faut l'avoir"),
        ("Buy this CD, you will thank me.", "Buy this CD"),
        ("If you like good music like the Beatles, the Kinks, Wilco, Fountains of Wayne, Beck or Radiohead, then you will love it.", None),
        ("This serum is a must have for dry skin.", "must have"),
        # Real reviews' ways of saying it (signals 0.5.5)
        ("Un autre thriller stupéfiant à ne pas manquer, croyez-moi !", "à ne pas manquer"),
        ("À posséder absolument dans sa discothèque.", "À posséder absolument"),
        ("À quelques jours de Noël, offrez-vous ou offrez ce livre !", "offrez-vous"),
        ("Incontournable pour tous les fans de Springsteen !", "Incontournable pour tous les fans"),
        ("Beautifully recorded, this is a one-off; don't miss it.", "don't miss it"),
        ("Overall, just go get it. It's amazing.", "go get it"),
        ("The bonus tracks make this a must for any fan of Grand Funk.", "a must"),
        ("See Shooter live if you get a chance. You won't be disappointed.", "You won't be disappointed"),
        ("Allez-y, vous ne le regretterez pas !", "vous ne le regretterez pas"),
        ("Do yourself a favour and get this book.", "Do yourself a favour and get this"),
        # A French review's verdict that the work is a must, and advice to a group (signals 0.5.7)
        ("UN MUST!. La description ayant déjà été faite par un autre internaute, passons à l'essentiel.", "UN MUST"),
        ("Incontournable mais qui ne plaît évidemment pas aux adolescents.", "Incontournable"),
        ("Bref, un grand, un immense disque, absolument indispensable.", "absolument indispensable"),
        ("Un sujet délicat, parfaitement traité. A voir et à revoir et surtout à conserver.", "A voir et à revoir"),
        ("Aux amateurs de poésie et de livres sur la condition humaine, allez-y !", "Aux amateurs de poésie et de livres sur la condition humaine, allez-y"),
        ("IAM démontrent qu'ils maîtrisent leur art. Un incontournable.", "Un incontournable"),
        ("Voici un ouvrage que l'on ne peut que recommander.", "ne peut que recommander"),
        ("vraiment super application, a prendre les yeux fermer...", "les yeux fermer"),
        ("Instructif. A regarder pour ceux qui disposent de 15 petites minutes.", "A regarder pour ceux qui"),
        ("À mettre dans toutes les mains de ceux qui veulent apprendre à chanter.", "À mettre dans toutes les mains"),
        ("Il faut plonger dans cet univers sans tarder. Bonne lecture !", "Il faut plonger"),
        ("Une série décoiffante. Découvrez ce premier ouvrage !", "Découvrez ce premier ouvrage"),
        ("If you love all things James Brown, then you must buy this collection of funky hits.", "then you must buy this"),
        ("Une compilation de garage rock vitaminé. \n Vivement recommandée.", "Vivement recommandée"),
        ("Très grand disque. Écoutez absolument sa voix dans le Largo de Haendel.", "Écoutez absolument"),
        ('Pour ceux qui ne connaîtraient pas, écoutez "Ok Computer" et vous comprendrez.', "écoutez \""),
        ("A réserver aux fans. Allez donc vous jeter sur la première période du groupe, 5 albums essentiels.", "Allez donc vous jeter sur"),
        ("Un polar haletant : jetez-vous dessus !", "jetez-vous dessus"),
        ("Si vous avez un album pop/rock à acheter, ne cherchez plus, vous avez trouvé votre bonheur !", "ne cherchez plus"),
        ("La voix se prête au blues sur l'un des morceaux, cela vaut largement le détour.", "vaut largement le détour"),
        ("By the way check out the Boondocks, it's a great comic-turned-cartoon.", "check out the Boondocks, it's a great"),
        ("I wanted to recommend the film to any Deadheads who may not have seen it.", "I wanted to recommend"),
        ("Pour ma part, je vous encourage à lire cet ouvrage dont le rythme est soutenu.", "je vous encourage à lire"),
    ],
)
def test_recommendations(text, evidence):
    found = detect_signals(text)["recommendation"]
    assert found.score >= POSITIVE
    if evidence:
        assert found.text == evidence
    assert text[found.start : found.end] == found.text


@pytest.mark.parametrize(
    "text",
    [
        "Je ne recommande pas ce produit, cassé au bout d'une semaine.",
        "Je vous le recommande… pour dormir. Aucun effet.",
        "Fuyez, c'est une arnaque.",
        "Would not recommend, it fell apart.",
        "I don't recommend the new version.",
        "Produit à éviter.",
        "Avoid this brand, waste of money.",
        "What are some must have Chrome extensions?",
        "Recommandé par une copine, mais j'ai été déçue.",
        "Military personnel are highly recommended to not travel in uniform.",
        # The modal "must have" is no advice.
        "I think I must have been drugged at that party.",
        "She must have forgotten her keys.",
        # Advice not to buy, from real negative reviews
        "If you like classical music don't buy this CD. Most of the tracks were chopped down.",
        "This CD is not worth buying, I heard it from a friend.",
        "There's really not much reason to buy this album.",
        "I don't think you guys should buy this album because it's not really good.",
        "N'achetez pas ce disque, passez votre chemin.",
        "I recommend you not buy this cd.",
        "If you are looking for good Ry Cooder, this is not the one to buy.",
        "Christian se voit proposer un poste de gardien. Une occasion à ne pas manquer ! Mais la famille sombre.",
        "If you don't miss it, you will not know what you missed.",
        "If you must buy this disc, a word of caution: handle with care.",
        "If you feel you must buy this disc, a word of caution: handle with care.",
        "@united Flight 683 last night was #bad4business. Will be a long time before I recommend United to anyone.",
        "It reached platinum status, but it's far from a must-own now.",
        "Keep this in mind so that you won't be disappointed the way I was.",
        "Make sure you listen to the samples before you buy this CD.",
        "I'm sure some will buy this CD just because they are a fan.",
        "Il faut avoir les épaules larges pour rester lucide.",
        "Attention si vous écoutez cet album, mettez un volume bas.",
        "Je vous conseille de ne pas l'acheter.",
        "Surtout ne pas acheter, à éviter. Foncez ailleurs.",
        # Irony, and advice to stay away
        "Je le recommande chaudement à tous ceux qui aiment s'ennuyer.",
        "I would recommend it to anyone who wants to fall asleep.",
        "I recommend avoiding this brand.",
        "Je vous conseille de passer votre chemin.",
        "Do yourself a favour: skip this one.",
    ],
)
def test_negations_and_irony_count_against(text):
    assert detect_signals(text)["recommendation"].score < 0.2


@pytest.mark.parametrize(
    "text",
    [
        "This is a MUST HAVE album. If you don't buy it, you're missing out on one of the best CDs of the 90s.",
        "Don't get me wrong, it is a BEAUTIFUL CD. Highly recommend it.",
    ],
)
def test_what_is_not_advice_against(text):
    assert detect_signals(text)["recommendation"].score >= 0.5


@pytest.mark.parametrize(
    "text",
    [
        "Cet opus n'est pas un incontournable, loin de là !",
        "Il est indispensable de lire la notice avant le montage.",
        "Pas vraiment indispensable d'avoir cet album si vous avez la version de 82.",
        "Une étape incontournable de la procédure.",
        "Allez-y doucement avec le volume.",
        # Advice the writer was given, and a call to look at one's own account
        "Peu de temps après, une amie m'a recommandé son dernier livre.",
        "L'avis complet est sur mon Instagram : n'hésitez pas à y jeter un coup d'oeil !",
        # A headline quoted is someone else's advice
        'Headline: "#iPad 2 is the Must-Have Gadget at #SXSW" Hmm... I could have seen that one coming!',
        "Le journal titre « un livre à lire absolument », je ne suis pas d'accord.",
        "Il ne fera pas demi-tour comme cela lui est très vivement conseillé.",  # a story's advice
        "J'ai abordé ce livre qui m'avait été chaudement recommandé avec un intérêt mitigé.",
        "I got so many cool things from #sxsw.. iphone chargers galore... must have 1k in products! #rad",  # a guess
        "Top 10 must have #SXSW iPhone apps {link}",  # someone else's ranking
        "Very happy that Discovr has been named as one of the top ten must-have apps for iPad 2 :)",
        "Si vous voulez en savoir plus, je vous invite à lire la chronique.",  # another review pointed to
    ],
)
def test_what_is_not_a_must(text):
    assert detect_signals(text, lang="fr")["recommendation"].score < 0.5


@pytest.mark.parametrize(
    "text, evidence",
    [
        # Real negative reviews that send the reader elsewhere: a recommendation of that other thing.
        ("Do not buy these! They break very fast. Buy the poi balls they work a lot better.", "Buy the poi balls they work a lot better"),
        ("I recommend you not buy this cd. Buy any Marley record instead.", "Buy any Marley record instead"),
        ("Ce groupe est nul ! Si vous voulez de bons groupes, allez écouter Nirvana, mais fuyez cette daube.", "Si vous voulez de bons groupes, allez écouter"),
        ("À éviter... Écoutez plutôt Seventeen Seconds ou Faith.", "Écoutez plutôt"),
        ("Mieux vaut se procurer « Used and Abused », sorti en 2005.", "Mieux vaut se procurer"),
        ("Skip this one. If you want a good Hank 3 album, go with Lovesick Broke & Driftin'.", "If you want a good Hank 3 album, go with"),
        ("Musique d'ascenseur ! Veuillez, je vous prie, écouter plutôt le grand Petrucciani.", "Veuillez, je vous prie, écouter plutôt"),
        ("Quel navet ce disque ! Il y a bien mieux à écouter, Radiohead par exemple.", "Il y a bien mieux à écouter"),
    ],
)
def test_advice_to_take_something_else_recommends_it(text, evidence):
    signals = detect_signals(text)
    found = signals["recommendation"]
    assert found.score >= POSITIVE and found.label == "alternative" and found.text == evidence
    assert text[found.start : found.end] == found.text


@pytest.mark.parametrize(
    "text",
    [
        "@united bummer. might have to go with the other card instead.",  # one's own choice
        "Anyone who was going to buy a new iPad should donate to the victims instead.",
        "Rod needs to get serious about the music instead of the bottom line.",
        "Bref, mieux vaut écouter avant d'acheter !",
        "Don't buy the deluxe edition instead, it is the same record.",
    ],
)
def test_what_is_not_advice_to_take_something_else(text):
    assert detect_signals(text)["recommendation"].score < POSITIVE


def test_advice_to_get_this_very_record_is_no_alternative():
    found = detect_signals("If you like true blue funkiness, then get this.")["recommendation"]
    assert found.score >= POSITIVE and found.label != "alternative"


def test_a_panned_review_stays_negative_beside_its_alternative():
    signals = detect_signals("Ce disque est nul, une vraie daube, à fuir. Écoutez plutôt les Cure.", lang="fr")
    assert signals["recommendation"].score >= POSITIVE and signals["sentiment"].label == "negative"


def test_ones_own_verdict_is_not_advice():
    assert detect_signals("Four hours down, six to go, but the adventure has been worth it.")["recommendation"].score < POSITIVE
    assert detect_signals("Totally worth it, you should definitely try it.")["recommendation"].score >= POSITIVE


def test_a_bad_rating_caps_a_recommendation():
    assert detect_signals("Je recommande, mais bon.", rating=1, rating_max=5)["recommendation"].score < POSITIVE
    assert detect_signals("Super produit, génial", rating=5, rating_max=5)["recommendation"].score >= POSITIVE


@pytest.mark.parametrize(
    "text, sponsored, promotional",
    [
        ("#partenariat Découvrez la crème, produit offert #sponsorisé", True, True),
        ("Collaboration commerciale avec Nivea", True, True),
        ("#ad thanks Nivea for sending me this", True, True),
        ("Code SOPHIE15 pour -15 %, lien en bio", False, True),
        ("Giveaway! Follow and retweet to win", False, True),
        ("Lien affilié : https://amzn.to/3abc", False, True),
        ("Check out my channel for more covers", False, True),
        # A copy sent for review is disclosed, but the post is a review: sponsored, not promotion.
        ("Je tiens à remercier l'auteur pour l'envoi de son SP.", True, False),
        ("Received this free in exchange for an honest review. It broke in a week.", True, False),
        ("Got a wrong product from Amazon Vine and unable to provide a good review.", True, False),
        ("Livre reçu dans le cadre de la Masse Critique de novembre, merci à Babelio.", True, False),
        ("Découvert grâce à Netgalley et aux éditions Audiolib.", True, False),
        ("Je tiens à remercier les éditions Hachette-Lab de m'avoir permis de lire cette trilogie coup de cœur.", True, False),
        ("Merci aux éditions Harlequin pour m'avoir envoyé ce roman.", True, False),
        ("Media is Evil! Please see and share: W W W. THE FARRELL REPORT. NET", False, True),
        ("MUST SEE AND MAKE VIRAL!!!", False, True),
        ("Our new iPad app is now available, like us on Facebook!", False, True),
        ("New #UberSocial for #iPhone now in the App Store, includes a guide to #SXSW {link}", False, True),
        ("Rejoignez-nous samedi pour le lancement de notre nouvelle collection", False, True),
        ("Come party down with us tonight: bands, food, art!", False, True),
        ("J'adore cette crème, vraiment top.", False, False),
        ("I joined the gym today, feeling great", False, False),
        ("Quelle pub ridicule à la télé hier soir", False, False),
        ("Publicité. Découvrez la nouvelle crème Nivea", True, True),
        ("This video is sponsored by NordVPN, link below.", True, True),
        ("Sponsored by Nivea: my summer routine", True, True),
        ("Cette vidéo est sponsorisée par NordVPN, lien en description.", True, True),
        ("[Sponsorisé] Découvrez la nouvelle gamme Nivea", True, True),
        ("Collab commerciale avec Nivea, code NIVEA20 pour -20%", True, True),
        # A shop's offers, pre-orders and contests, in its own voice
        ("Nouveau sur notre boutique : la collection hiver est arrivée ! Livraison offerte dès 50€", False, True),
        ("Offre limitée : 2 achetés = 1 offert chez Décathlon ce week-end", False, True),
        ("Dispo en précommande, lien dans la bio", False, True),
        ("Rendez-vous en magasin dès samedi pour découvrir nos nouveautés", False, True),
        ("Tentez votre chance pour gagner 2 places de concert !", False, True),
        ("Who wants a free iPad? Enter to win at our booth #sxsw", False, True),
        # Events and releases announced, reminders to download
        ("Sugar & Gold play Fitzgerald's in Houston tonight. Free Show! Remix EP out now {link}", False, True),
        ("To all our #SXSW friends, don't forget to download the #SXSWGO iPhone app. {link}", False, True),
        ("If you're a fan of Enigk, make sure to pick up his new album.", False, False),
        # A brand's own account at its customers' service
        ("vous pouvez également nous contacter via whats'app.", False, True),
        ("je vous propose de nous contacter en priorité via messenger", False, True),
        ("j'ai essayé de les contacter via messenger, aucune réponse", False, False),
        ("Livraison offerte mais colis jamais arrivé.", False, False),
        # A disclosure denied
        ("Not sponsored, I just love this serum from The Ordinary!", False, False),
        ("Ce n'est pas une collaboration commerciale, j'ai acheté ce mascara moi-même.", False, False),
        ("Vidéo non sponsorisée : mon avis sur la Freebox", False, False),
        ("This isn't a paid partnership, I bought it myself.", False, False),
        # A sponsor reported, not the post's own
        ("Le festival sponsorisé par Red Bull était génial.", False, False),
        ("Funny to be at the PSFK session sponsored by Microsoft. All they do is talk about Apple. #sxsw", False, False),
        ("Découvrez la nouvelle crème Nivea (publicité)", True, True),
        ("on parle de votre publicité mensongère ? frais de résiliation jamais remboursés", False, False),
        ("@AmericanAir Thank you for sending me to baggage claim.", False, False),
        # Words of promotion in their other senses
        ("@united you need a bag bouncer. Get it together", False, False),
        ("Après un double échec au concours d'entrée à Normale Sup, il réussit l'ENA.", False, False),
        ("Territoires fait suite à Code 93, le premier roman de la série.", False, False),
        ("Il a du mal à gagner sa vie depuis son divorce.", False, False),
        ("@united cannot direct message you, you do not follow us.", False, False),
        ("@americanair a free check bag or a credit to help out now that I missed my flight", False, False),
        ("Grand concours : 3 places à gagner, RT pour participer !", False, True),
        ("Notre nouvel album est out now !", False, True),
        ("Get it now on the App Store!", False, True),
        ("The new Whrrl app is live in the app store. Get it while it's hot!", False, True),
        ("un jeu-concours fort sympa : remportez un voyage à Londres", False, True),
        ("Code promo 2024 : -20 % sur tout le site", False, True),
        ("Le ministre revoit sa circulaire contestée http://bit.ly/cnSfQL", False, False),  # a shortener is not an ad
        ("Concours : tentez de gagner une box ! http://bit.ly/abc", False, True),
        # The calls of comment spam, and a pointer to something to see
        ("Like &amp; Subscribe /watch?v=5tu9gN1l310", False, True),
        ("Subscribe if you agree :| party here in my channel.", False, True),
        ("http://www.example.pl/join  Please click on the link", False, True),
        ("Check out the free sampler on iTunes! {link} #SXSW", False, True),
        ("@SouthwestAir thanks, already subscribe and have a Rapid Rewards account", False, False),
        ("I subscribe to the view that the album was rushed", False, False),
        ("Check out the line at the Apple store, insane", False, False),
        ("I wrote up a brief list of settings I found helpful: christophertkenny.com/posts/2024-0...", False, True),
        ("We made a Google Map of the street closures: {link} #sxsw", False, True),
        ("I made a cake for my mother yesterday, she loved it.", False, False),
        # One's own work behind a link, a campaign's codes, pointers to see it, calls to spread it
        ("A quick #rstats wrapped for my package development in 2024: christophertkenny.com/posts/2025-0...", False, True),
        ("Social network to be released soon? my blog: {link} #socialmedia", False, True),
        ("I7: Releasing the Demons {link} [codes valid: 4:00-7:59:59p 03/11/11] #infektd #sxsw", False, True),
        ("Missed #TouchingStories at #SXSW? Catch it at Web 2.0 - Designing Digital Magazines {link}", False, True),
        ("Soundtrckr featured by @mention as a Must-have for #SXSW {link}", False, True),
        ("Digging the talk about designing for Boomers? Maybe you'll like this research: {link} #sxsw", False, True),
        ("WE NEED 10 Million Views More for FIREWORK. Plz thumbs up and share", False, True),
        ("I missed my flight, my package arrived late and my blog is down", False, False),
        ("@united happy to have had you on board. Please share details with our team: http://t.co/2trgemtebz", False, False),
        ("My code is valid Python, it just fails the tests", False, False),
        # "Giveaway" in its other sense: a clue
        ("The only giveaway that this is more than someone's wooded getaway is the sign.", False, False),
        ("His accent was a dead giveaway.", False, False),
        ("We are hosting a giveaway this week, RT to enter!", False, True),
        # Things given away or unlocked, and one's own account pointed to; not a seat given away, nor a winner
        ("#Hipstamatic Giving Away #SXSW HipstaPaks {link}", False, True),
        ("Download 20+ free tracks from the Music Sampler {link} #SXSW", False, True),
        ("#SXSW peeps - you can now checkin with latitude to unlock deals! {link}", False, True),
        ("L'avis complet et d'autres chroniques sont disponibles sur mon Instagram : @obf_chroniques", False, True),
        ("@usairways thanks for giving away my seat. another fine job!", False, False),
        ("Radioshack giving away portable iPhone and laptop chargers on 1st floor #sxsw", False, True),
        ("Stop giving away the ending in the trailer!", False, False),
        ("come over to the Tech Cocktail event tonight to check out our Mobile Smackdown event! #sxsw", False, True),
        ("HootSuite Mobile for #SXSW ~ Updates for iPhone, BlackBerry & Android {link}", False, True),
        ("New #rstats package, baf, is now on CRAN. More details: https://example.org/baf", False, True),
        ("I remember a radio station that was giving away as many records as you could name in 10 seconds.", False, False),
        ("RT @mention MyPOV: Winner: popup Apple Store, Chevy Cruze. Losers: investors. #sxsw", False, False),
        ("@united can I get free wifi since the flight was cancelled?", False, False),
        ("IF YOUR CRAZY PLEASE DONATE BITCOINS TO ME AT: 1FHeNqx1twqM153v2PTAyieJNEALAhZvEM", False, True),
        # Tickets sold, stands and parties, things to win, one's app, a release
        ("The programme of our data conference is out. Early bird pricing ends Friday: get your tickets today!", False, True),
        ("Réservez vite vos places pour le festival de septembre.", False, True),
        ("If you're at #SXSW, meet us at the Driskill. Come say hi! {link}", False, True),
        ("win free iPad 2 from example.com #sxsw RT", False, True),
        ("@SouthwestAir would love to win tickets to the show Saturday night. Crossed fingers.", False, False),
        ("Lovely review from Forbes for our SXSW iPad app {link}", False, True),
        ("Very happy that Soundmap has been named one of the top ten must-have apps for iPad 2 :) #sxsw", False, True),
        ("This time it's Soundmap for iPhone at #sxsw. Climbing the App Store charts! {link}", False, True),
        ("Typeset v2.4.1\nA small, free typesetting system.\nwww.example.org/downloads/typeset", False, True),
        ('headers = {"User-Agent": "flair finder v1.0 by /u/someone"}\nurl = "https://oauth.reddit.com/r/test/about/"', False, False),
    ],
)
def test_sponsored_and_promotional(text, sponsored, promotional):
    found = detect_signals(text)
    assert (found["sponsored"].score >= POSITIVE) is sponsored
    assert (found["promotional"].score >= POSITIVE) is promotional


@pytest.mark.parametrize(
    "text, phrase",
    [
        ("J'utilise mon lisseur pour repasser mes cols de chemise, génial.", "repasser mes cols de chemise"),
        ("Mon vieux Dyson détourné en souffleur de feuilles", "souffleur de feuilles"),
        ("Le pot de Nutella me sert de pot à crayons.", "pot à crayons"),
        ("I use my hair dryer to defrost the freezer.", "defrost the freezer"),
        ("Use a binder clip as a cable holder on your desk!", "cable holder on your desk"),
        ("#ikeahack : j'ai détourné un Kallax d'IKEA en banc pour l'entrée, avec deux coussins.", "banc pour l'entrée"),
        ("La tente Quechua détournée en serre pour mes semis.", "serre pour mes semis"),
    ],
)
def test_deviant_uses_name_the_use_itself(text, phrase):
    found = detect_signals(text)["deviant_use"]
    assert found.score >= POSITIVE and found.label == phrase


@pytest.mark.parametrize(
    "text, use",
    [
        ("J'utilise mon lisseur pour repasser mes cols de chemise.", "J'utilise mon lisseur pour repasser mes cols de chemise"),
        ("#ikeahack : un Kallax détourné en banc", None),
        ("Using my Quechua tent as a greenhouse for seedlings.", "Using my Quechua tent as a greenhouse for seedlings"),
        ("I use a binder clip as a cable holder.", "I use a binder clip as a cable holder"),
        ("Old pallets repurposed as a garden bench", None),
    ],
)
def test_deviant_uses_keep_the_use(text, use):
    found = detect_signals(text)["deviant_use"]
    assert found.score >= POSITIVE
    if use:
        assert found.text == use


def test_ordinary_use_is_not_deviant():
    assert detect_signals("J'utilise cette crème tous les soirs.")["deviant_use"].score < POSITIVE
    assert detect_signals("I use it every day.")["deviant_use"].score < POSITIVE


@pytest.mark.parametrize(
    "text, label",
    [
        ("J'adore, super qualité, merci !", "positive"),
        ("Très déçu, cassé au bout de deux jours, nul.", "negative"),
        ("Loving it, great quality.", "positive"),
        ("Terrible, broke on first use.", "negative"),
        ("Le magasin ouvre lundi.", "neutral"),
        # After "mais"/"but" comes the verdict; both sides without one make "mixed".
        ("Super design mais cassé au bout d'une semaine, déçu.", "negative"),
        ("Le début est lent mais la fin est magnifique.", "positive"),
        ("Great camera but the battery is terrible.", "negative"),
        ("Écran magnifique, batterie décevante.", "mixed"),
        # "bien" is mostly an adverb: it weighs little against a real opinion.
        ("Je dois bien avouer que ce n'est pas du tout un coup de coeur.", "negative"),
        ("Eh bien, je suis déçu.", "negative"),
        ("Pas terrible.", "negative"),
        # Mixed when the writer says so, or with a real opinion on each side; a weak "bon" is none.
        ("J'avais hâte de le lire et mon avis est assez mitigé.", "mixed"),
        ("Mixed feelings about this album.", "mixed"),
        ("Bon, ça fait un mois que j'ai pas de co.", "negative"),
        # An outage is a complaint, however it is written.
        ("allô ? pas d'internet depuis hier 9h et aucune info", "negative"),
        ("3 semaines sans internet, je n'ai pas pu travailler", "negative"),
        ("ils coupent la co chaque semaine", "negative"),
        # Customers' complaints to an operator, as Free's customers write them
        ("plus d’internet depuis 45 mn ??", "negative"),
        ("mes services ultra fibre optique sont hs à paris 75017", "negative"),
        ("une grande partie de l'aveyron est privée d'internet depuis hier soir", "negative"),
        ("ça fait une semaine que je n’ai pas de service et vous ne répondez pas au téléphone.", "negative"),
        ("j’attends toujours une réponse de votre part", "negative"),
        ("je n'en peux plus, je vais devoir partir de chez vous", "negative"),
        ("Un album que tu n'en peux plus d'attendre, génial !", "positive"),
        ("Il y a plus d'informations sur le site.", "neutral"),
        ("Sans aucun doute le meilleur opérateur.", "positive"),
        # Calling out into silence, what never comes, never again, complaint hashtags
        ("allo, y a quelqu'un ?", "negative"),
        ("zéro conseiller joignable, contactez moi en mp", "negative"),
        ("le merdier plante un fois par jour", "negative"),
        ("@united I will never fly with you again.", "negative"),
        ("@USAirways 5 hour cross country morning flight and you have no food? #BadService", "negative"),
        ("How about moving my seats to where I bought them? This happens far too often...", "negative"),
        ("Jeu très bien conçu, les enfants adorent.", "positive"),
        # Reproaches customers write; not a reader regretting not to have read it sooner
        ("Why is all the prizes at #SXSW apple products? Sigh", "negative"),
        ("Délais tenus mais je suis littéralement inondée de spams.", "negative"),
        ("pour moi c'est de la musique d'ascenseur, pas de disque plus surévalué", "negative"),
        ("je vais chez un concurrent ou je vais réussir à avoir quelqu'un ?", "negative"),
        ("Qu'est-ce que je regrette de ne pas l'avoir lu avant ! Un vrai bonheur.", "positive"),
        # What French readers write and the lexicons lack; "ne ... que" restricts, it does not deny
        ("J'aime beaucoup l'univers de cette BD.", "positive"),
        ("Je n'aime pas du tout ni la voix, ni les paroles.", "negative"),
        ("Ce livre m'a beaucoup plu.", "positive"),
        ("Cet album ne pouvait que me plaire.", "positive"),
        ("Un délice à lire !", "positive"),
        ("Quelle claque !", "positive"),
        ("Si vous aimez les polars, il est en rayon.", "neutral"),
        ("Brenda Lee 'Rock n' roll' Excellente compilation.", "positive"),
        # What one cannot fault is praise; what one cannot get is not
        ("You can't hate this song", "positive"),
        ("you say to call travel agency and they say we cant refund", "negative"),
        # Praise lessened is a complaint ("moins drôles", "loin d'être génial", "less than flattering"), not "au moins".
        ("Plus nombreux que les Marx Brothers mais nettement moins drôles.", "negative"),
        ("Il faut dire qu'il est loin d'être génial.", "negative"),
        ("The cover is far from beautiful.", "negative"),
        ("Au moins la fin est magnifique.", "positive"),
        # Thanks beside a complaint are no praise; beside nothing, they are
        ("87 jours sans fibre ! merci", "negative"),
        ("@united thanks, my bag is lost and nobody answers", "negative"),
        ("Merci pour la livraison, parfait", "positive"),
        # Praise that did not happen is a complaint; a guess is not
        ("Ce roman aurait pu être génial, avec des personnages plus fouillés.", "negative"),
        ("L'histoire aurait pu être passionnante. Elle ne l'est pas.", "negative"),
        ("This could have been a great band if it wasn't for the goofy vocalist.", "negative"),
        ("It would have been a great album with a better singer.", "negative"),
        ("May have good timing given Twitter?", "positive"),
        # Someone else's word in quotes is no opinion of the writer's, often an irony.
        ('Les personnalités politiques les plus "cool" chez les jeunes... Au secours...', "negative"),
        ("Un album « génial », paraît-il.", "neutral"),
        # The praise of reviews and comments: "cool", "bien construit", "a l'art de", "incontournable"; "échec"
        ("Cool video!", "positive"),
        ("Du noir, extrêmement bien construit.", "positive"),
        ("Eric Pessan a l'art de me faire ressentir un stress intense à chaque fois que je le lis !", "positive"),
        ("Un album incontournable.", "positive"),
        ("Ce disque a été un échec.", "negative"),
        # "non" negates ("non passionnant"), not in "non seulement" nor "non-stop"; a product that wears out is a complaint
        ("Un roman long et non passionnant.", "negative"),
        ("Non seulement c'est superbe, mais c'est pratique.", "positive"),
        ("Non-stop flight, great crew.", "positive"),
        ("Bonne idée de cadeau, mais le tissu de la robe s'abîme assez vite.", "negative"),
        ("La semelle se décolle après deux sorties.", "negative"),
        # An exclamation over a work: "Quel bouquin !", "What an album!", not "Quel livre ennuyeux !"
        ("Wah !! Quel bouquin nous avons là M Willocks !!", "positive"),
        ("What an album!", "positive"),
        ("Quel livre ennuyeux !", "negative"),
        # Customers left without an answer, and praise asked back in disbelief (signals 0.5.7)
        ("bonsoir ! je vous ai envoyé un message sur messenger et sur whatsapp, je n'ai pas de réponse", "negative"),
        ("il se passe quoi avec la co ?? tu m’aides pas la", "negative"),
        ("bonjour, j'ai essayé de vous contacter toute la journée. est-il possible de parler à quelqu'un ?", "negative"),
        ("Génial !", "positive"),
        ("bonjour, est-ce normal que je n'ai pas de réseau depuis 10h ?", "negative"),
        ("42 jours sans internet, sans nouvelles du service technique.", "negative"),
        ("L'obligation de mesurer la qualité de l'air dans les crèches est repoussée.", "neutral"),
        ("Une chasse aux sorcières en bonne et due forme.", "neutral"),
        # A rating stated in the text weighs as a platform's would
        ("Deux étoiles et j'ai été généreuse.", "negative"),
        ("Sound is OK. 1 star.", "negative"),
        ("Un hôtel 5 étoiles, la chambre était correcte.", "neutral"),
        ("Et encore un de mes groupes qui me déçoit cruellement.", "negative"),
        # A concession weighs less than half against the verdict said outside it
        ("J'ai beaucoup apprécié cette lecture même si ce n'est pas un coup de coeur.", "positive"),
        ("Malgré d'indéniables qualités, je n'ai pas réussi à accrocher, quelle déception.", "negative"),
        ("Although the ending is weak, I loved it and the songs are brilliant.", "positive"),
        # A verdict trailing off, a start praised then turned
        ("Le roman était bien, mais...", "mixed"),
        ("Le début est bien mais vers le milieu on s'ennuie.", "mixed"),
        ("J'ai été littéralement subjuguée par le premier tome.", "positive"),
        # Complaints in nouns and idioms: "c'est la misère", a box stuck, time and money lost, travellers stuck
        ("et vous ça se passe comment la fibre ? c'est la misère vraiment", "negative"),
        ("ma freebox one est bloquée à l'étape 3 depuis 10h40", "negative"),
        ("Lilas est bloquée sur une île avec son père.", "neutral"),  # a story's character, no product
        ("Perte de temps et d'argent avec cette enseigne.", "negative"),
        ("With the snow storm tomorrow we could be stuck here for two days.", "negative"),
        ("Clarisse Sabard réussit comme à chaque fois avec brio les sagas familiales.", "positive"),
        # What a work did to its reader, what it lacks, praise no longer deserved
        ("Une lecture qui m'a profondément bouleversée.", "positive"),
        ("Le chanteur sans voix, sans charisme et sans talent récidive.", "negative"),
        ("Il lui manque l'essentiel : la mélodie.", "negative"),
        ("Plus si super que ça.", "negative"),
        ("Ce roman d’Amin Maalouf touche au cœur.", "positive"),
        ("La longue nouvelle de Tolstoï est un véritable joyau.", "positive"),
        # A reservation ("trop bien" is praise); the writer torn; "j'ai apprécié"
        ("Les paragraphes sont trop courts.", "negative"),
        ("Trop bien ce livre !", "positive"),
        ("Pour ce livre je suis partagée.", "mixed"),
        ("J'ai apprécié de découvrir le parcours de cet homme.", "positive"),
        ("Série coup de ❤...", "positive"),
        ("En cette fin d'année, je crois que je suis tombée en amour avec les éditions Elyzad.", "positive"),
        ("Cinquantenaires de tous pays réjouissez-vous, Goldorak est de retour !", "positive"),
        # A customer's reproach as a question or a dare (not an invitation: "why don't you come to the party?")
        ("@united compensate us for new clothes bet you won't", "negative"),
        ("@united is it even legal for you guys to advertise flights that you cant honor??", "negative"),
        ("@VirginAmerica how come ABC is the only one of the network channels you don't have?", "negative"),
        ("@USAirways Why can't I check in online for a flight tomorrow am?", "negative"),
        ("@JetBlue over 2 hour delay going from NYC to Denver! Come on man!", "negative"),
        ("@JetBlue It is physically impossible to make it to the airport.", "negative"),
        ("Why don't you come to the party?", "neutral"),
        ("Come on down to our booth.", "neutral"),
        ("Why didn't I buy stock 10 years ago?", "neutral"),
        # Waiting and silence as customers tweet them, short (not the brand's "si vous êtes toujours en attente")
        ("toujours en attente depuis trois mois de la résolution de mon dossier de raccordement", "negative"),
        ("Si vous êtes toujours en attente de réponse, retrouvez-moi sur messenger", "neutral"),
        ("dis toi j’ai tjr pas internet là", "negative"),
        ("pourquoi est-ce que je n'ai plus aucun réseau depuis hier 18h??", "negative"),
        ("plus aucun résumé de match sur l'appli et aucune info", "negative"),
        ("consulté une boîte mail de chez vous, c'est un enfer.", "negative"),
        ("je paye 30€ par mois, c'est une blague?", "negative"),
    ],
)
def test_sentiment(text, label):
    assert detect_signals(text)["sentiment"].label == label


@pytest.mark.parametrize(
    "text",
    [
        "Un très beau roman sur l'exil, peut-être un peu trop désespéré pour moi.",
        "Vendeurs très gentils et agréables mais il faisait beaucoup trop chaud.",
        "Nina Berberova signe un roman magnifique. La fin est un peu trop désespérée pour moi, dommage.",
    ],
)
def test_a_reservation_beside_praise_is_mixed(text):
    assert detect_signals(text, lang="fr")["sentiment"].label == "mixed"


@pytest.mark.parametrize(
    "text, lang, label, evidence",
    [
        # Words none of our own lists hold, rated by the packaged lexicons (Pattern's French, VADER's English).
        ("Un roman ennuyeux, une intrigue fade.", "fr", "negative", "ennuyeux"),
        ("Un style brillant, une fin lumineuse.", "fr", "positive", "brillant"),
        ("Intrigue palpitante, personnages poignants.", "fr", "positive", "palpitante"),
        ("Un polar bâclé et insipide.", "fr", "negative", "bâclé"),
        ("Un auteur talentueux, une fresque magistrale.", "fr", "positive", "talentueux"),
        ("Service 3244 inefficace.", "fr", "negative", "inefficace"),
        ("Redondant et ennuyant.", "fr", "negative", "Redondant"),
        ("J'ai été assez perplexe avec ce roman.", "fr", "negative", "perplexe"),
        ("Complètement et totalement bluffée par ce roman !", "fr", "positive", "bluffée"),
        ("vous êtes des incompétents, 15 ans chez vous", "fr", "negative", "incompétents"),
        ("Une fin prévisible, des personnages superficiels.", "fr", "negative", "prévisible"),
        ("Basheer est un auteur connu en Inde.", "fr", "neutral", None),  # being known is a fact, no praise
        ("Pas ennuyeux une seconde.", "fr", "positive", "ennuyeux"),  # negated
        ("The sound is superb.", "en", "positive", "superb"),
        ("What a lame, crappy update.", "en", "negative", "lame"),
        # Our own phrases for what lexicons of single words miss.
        ("Je n'ai pas accroché, il m'est tombé des mains.", "fr", "negative", None),
        ("La box ne fonctionne plus depuis lundi.", "fr", "negative", "ne fonctionne plus"),
        # "pas mal de" counts chains, it does not praise them.
        ("Y a pas mal de chaînes qui beuguent.", "fr", "negative", "beuguent"),
        # The idioms of French reviews: a verdict in words that are no opinion alone.
        ("Ce disque n'est pas à la hauteur de ses prédécesseurs.", "fr", "negative", "à la hauteur"),
        ("Un livre à la hauteur de mes attentes !", "fr", "positive", "à la hauteur"),
        ("Second album de Kiss, pas encore au point.", "fr", "negative", "pas encore au point"),
        ("Je suis restée sur ma faim.", "fr", "negative", "restée sur ma faim"),
        ("Il manque quelque chose à cet album.", "fr", "negative", "manque quelque chose"),
        ("Ça se laisse lire.", "fr", "positive", "se laisse lire"),
        ("Une intrigue qui tient la route.", "fr", "positive", "tient la route"),
        ("La guerre vue de l'hôpital, au point que des chambrées leur sont réservées.", "fr", "neutral", None),
        ("Je n'ai pas pu le lâcher, lu d'une traite.", "fr", "positive", None),  # not an outage's "je n'ai pas pu"
        ("Impossible de le lâcher !", "fr", "positive", "Impossible de le lâcher"),
        ("Plus subtil qu'il n'y paraît : superbe.", "fr", "positive", "superbe"),  # a colon ends the negation's clause
        ("Rien n'y manque c'est parfait.", "fr", "positive", "parfait"),  # so does "c'est"
        ("Je ne trouve pas que c'est génial.", "fr", "negative", "génial"),  # but not "que c'est"
        ("Une daube.", "fr", "negative", "daube"),
        ("Je remercie les éditions Dupuis pour l'envoi de ce tome.", "fr", "positive", "remercie"),  # a reader's thanks
        ("Ne pas acheter de serre de jardin !!! Il manquait 8 articles.", "fr", "negative", None),
        ("La télé était la moins cher chez Ubaldi.", "fr", "positive", None),  # "moins cher" is a bargain
        ("Un manque de souffle romanesque.", "fr", "negative", "Un manque de"),
        ("Corrompus, voleurs et bandits au pouvoir !!!", "fr", "negative", "Corrompus"),
        ("Une vraie réussite, un chef d'oeuvre !", "fr", "positive", "réussite"),
        ("1 300 espèces menacées dans l'indifférence générale.", "fr", "negative", "menacées"),
        ("Polémique autour de l'abattage des bouquetins.", "fr", "negative", "Polémique"),
        # And of English ones.
        ("It didn't live up to the hype.", "en", "negative", "live up to"),
        ("Lives up to the hype!", "en", "positive", "Lives up to"),
        ("I couldn't put it down.", "en", "positive", "couldn't put it down"),
        ("Nothing special, it fell flat.", "en", "negative", None),
        ("Totally overrated. Save your money.", "en", "negative", None),
        ("I don't think it's good at all.", "en", "negative", "good"),  # English "it's" starts no clause
        # What customers of a service complain of, without a word of opinion.
        ("@united on hold for 2 hours, still waiting.", "en", "negative", "on hold"),
        ("@AmericanAir stranded in Dallas, missed my connection.", "en", "negative", None),
        # Praise asked back in disbelief is a sneer (signals 0.5.7)
        ("3 ans pour amener 3 mètres de câble fibre. satisfaisant ?!", "fr", "negative", "satisfaisant"),
        ("Four hours on the tarmac. Great?!", "en", "negative", "Great"),
        ("Flying to Denver with a friend tomorrow.", "en", "neutral", None),  # a person, no opinion
    ],
)
def test_sentiment_reads_the_language_lexicon(text, lang, label, evidence):
    found = detect_signals(text, lang=lang)["sentiment"]
    assert found.label == label
    if evidence:
        assert found.text == evidence


def test_a_negated_lexicon_word_is_no_complaint():
    assert detect_signals("The plot is not dull at all.", lang="en")["sentiment"].label != "negative"


@pytest.mark.parametrize(
    "text, lang",
    [
        ("J'avais hâte de le lire et je n'ai vraiment pas été déçue.", "fr"),
        ("Je ne suis pas du tout déçu par ce disque.", "fr"),
        ("I bought it on a friend's word and it didn't disappoint.", "en"),
        ("Give it a try, you won't be disappointed.", "en"),
        ("The second half isn't that bad either.", "en"),
        ("J'adore les films de ces deux frères, on est rarement déçu.", "fr"),
        ("Her novels rarely disappoint.", "en"),
    ],
)
def test_a_letdown_denied_is_no_complaint(text, lang):
    assert detect_signals(text, lang=lang)["sentiment"].label == "positive"


def test_an_event_denied_is_no_praise():
    # "isn't delayed" denies what happens, not a verdict: the tweet is a complaint.
    found = detect_signals("@united warm the plane before departure so the flight isn't delayed again. Terrible service.", lang="en")
    assert found["sentiment"].label == "negative"


def test_the_lexicon_of_one_language_is_not_read_in_another():
    # "fade" is a French opinion word; in English it is no opinion, and without a language no lexicon is read.
    assert detect_signals("The colours fade in the evening.", lang="en")["sentiment"].label == "neutral"
    assert detect_signals("Une intrigue fade.", lang=None)["sentiment"].label == "neutral"


def test_a_missing_lexicon_package_is_a_clear_error(monkeypatch):
    from importlib import metadata

    from nlp import lexicon as lexicon_module
    from portevoix.errors import AnalysisError

    def missing(name):
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(lexicon_module.metadata, "distribution", missing)
    lexicon_module.lexicon.cache_clear()
    try:
        with pytest.raises(AnalysisError, match="textblob-fr is not installed"):
            lexicon_module.lexicon("fr")
    finally:
        lexicon_module.lexicon.cache_clear()


@pytest.mark.parametrize(
    "text, lang, label",
    [
        ("Hey plz check out my music video. Thanks!! :-)", "en", "neutral"),
        ("ayyy can u guys please check out my rap video, show some love, thank u", "en", "neutral"),
        ("Please click on the link, thanks", "en", "neutral"),
        ("Abonnez-vous à ma chaîne, merci beaucoup !", "fr", "neutral"),
        # An opinion beside the courtesy stays; thanks for something done is praise.
        ("Amazing video! Check out my channel, I love your music", "en", "positive"),
        # What the ask says of one's own work is an advertisement; an opinion in the next clause is one.
        ("CHECK OUT MY YOUTUBE VIDEOS FOR FUNNY AND COOL RAP", "en", "neutral"),
        ("Check out my channel, I love your music", "en", "positive"),
        ("Thanks for getting me home safely, please check out my photos", "en", "positive"),
        ("@united thanks for the quick reply", "en", "positive"),
    ],
)
def test_a_favour_asked_is_no_opinion(text, lang, label):
    assert detect_signals(text, lang=lang)["sentiment"].label == label


@pytest.mark.parametrize(
    "text, own",
    [
        ("ayyy can u guys please check out my rap video im 16", True),
        ("CHECK OUT MY YOUTUBE VIDEOS FOR FUNNY AND COOL RAP", True),
        ("Im a rapper, not too many have this ambition", True),
        ("Écoutez mon nouveau single sur Spotify !", True),
        ("Je suis une jeune chanteuse, abonnez-vous à ma chaîne", True),
        ('Come check out our music channel! go check out the song "Love Me" by J.E.M.INI!', True),
        ("If You want to hear it & help record my new album - click on my name/picture.", True),
        ("My music is completely independent & 100% listener-supported.", True),
        ("I write original songs and play every instrument, check my channel", True),
        ("YouTube collaborators anyone? subscribe to me, I'll subscribe back.", True),
        ("Hey check out our new musicvideo 'Life's a celebration' Peace !", True),
        ("Im growing as an artist everyday from my hit song 'CRAZY' which has got my name out there.", True),
        ('CHECK OUT THIS NEW VIDEO I MADE CALLED "WE LOVE MIND MASTER IT", THANK U SO MUCH', True),
        ("They were songs I recorded for a film, never meant for an album.", False),  # an artist's words quoted, no determiner
        ("There are only a couple of songs I did like on this cd.", False),
        ("Check out my new car lol", False),
        ("Click on the name of the song to hear it.", False),
        ("J'adore le nouveau single de Pomme", False),
    ],
)
def test_self_promotion_is_an_artist_promoting_their_work(text, own):
    found = detect_signals(text)
    assert (found["self_promotion"].score >= POSITIVE) is own
    if own:
        assert found["promotional"].score >= POSITIVE  # promoting one's own work is promotion too


def test_an_artists_advice_to_hear_their_own_work_is_no_recommendation():
    own = detect_signals("Check out my new song called Deaf. A few moments of your time and you won&#39;t regret it :)")
    assert own["self_promotion"].score >= POSITIVE and own["recommendation"].score < POSITIVE
    assert detect_signals("Go hear the new Adele song, you won't regret it!")["recommendation"].score >= POSITIVE



@pytest.mark.parametrize("cues", [POSITIVE_WORDS, NEGATIVE_WORDS], ids=["praise", "complaints"])
def test_the_cue_patterns_match_as_between_word_boundaries(cues):
    # They open on (?<!\w) for speed; the same as \b while every alternative starts with a word character.
    bounded = re.compile(r"\b" + cues.pattern[len(r"(?<!\w)") :])
    texts = [
        "#badservice again, #fail! 'nul' (bof) -pire- ?decu !top super... allo ?? y a quelqu'un ?",
        "Un livre génial, j'adore ; mais la fin est décevante et trop courte. Pas terrible, sans plus.",
        "@united worst flight ever, how come nobody answers? Come on! sigh... never flying you again",
        "c'est un enfer, toujours en attente, tjr pas internet, plus aucun réseau #neveragain #epicfail",
    ]
    for text in texts:
        folded = fold_with_offsets(text).text
        assert [m.span() for m in cues.finditer(folded)] == [m.span() for m in bounded.finditer(folded)]
