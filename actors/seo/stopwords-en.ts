/**
 * English stopwords: articles, pronouns, prepositions, conjunctions, auxiliaries and very
 * general adverbs. Lower case; contractions with a straight apostrophe (the tokeniser
 * normalises ’ to '). Written for seo-farm; a word that can name a topic ("time", "way",
 * "price") is not a stopword here.
 */
// biome-ignore format: a word list reads better packed
export const STOPWORDS_EN: readonly string[] = [
  "a", "about", "above", "across", "after", "again", "against", "all", "almost", "along", "also",
  "although", "always", "am", "among", "an", "and", "any", "are", "aren't", "around", "as", "at",
  "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can",
  "can't", "cannot", "could", "couldn't", "did", "didn't", "do", "does", "doesn't", "doing",
  "don't", "down", "during", "each", "either", "else", "enough", "even", "ever", "every", "few",
  "for", "from", "further", "had", "hadn't", "has", "hasn't", "have", "haven't", "having", "he",
  "he'd", "he'll", "he's", "her", "here", "here's", "hers", "herself", "him", "himself", "his",
  "how", "how's", "however", "i", "i'd", "i'll", "i'm", "i've", "if", "in", "into", "is", "isn't",
  "it", "it's", "its", "itself", "just", "least", "less", "let's", "like", "may", "maybe", "me",
  "might", "more", "most", "much", "must", "mustn't", "my", "myself", "neither", "never", "no",
  "nor", "not", "now", "of", "off", "often", "on", "once", "one", "only", "onto", "or", "other",
  "others", "ought", "our", "ours", "ourselves", "out", "over", "own", "per", "perhaps", "quite",
  "rather", "really", "same", "shall", "shan't", "she", "she'd", "she'll", "she's", "should",
  "shouldn't", "since", "so", "some", "such", "than", "that", "that's", "the", "their", "theirs",
  "them", "themselves", "then", "there", "there's", "these", "they", "they'd", "they'll", "they're",
  "they've", "this", "those", "though", "through", "thus", "to", "too", "toward", "towards",
  "under", "until", "up", "upon", "us", "usually", "very", "via", "was", "wasn't", "we", "we'd",
  "we'll", "we're", "we've", "were", "weren't", "what", "what's", "when", "when's", "where",
  "where's", "whether", "which", "while", "who", "who's", "whom", "whose", "why", "why's", "will",
  "with", "within", "without", "won't", "would", "wouldn't", "yet", "you", "you'd", "you'll",
  "you're", "you've", "your", "yours", "yourself", "yourselves", "get", "gets", "got", "make",
  "makes", "made", "many", "well", "still", "already", "anyway", "etc", "e.g", "i.e", "vs", "two",
  "three", "first", "second", "next", "lot", "lots",
];
