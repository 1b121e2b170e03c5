// English function words, which say nothing about what a paper is about. The list is part of the
// tokenizer: changing it changes every score, so it goes with a new TOKENIZER_VERSION.
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'about above after again against all also am an and any are aren as at be because been before being below ' +
    'between both but by can cannot could did didn do does doesn doing don down during each either eg et al etc ' +
    'few for from further had hadn has hasn have haven having he her here hers herself him himself his how however ' +
    'ie if in into is isn it its itself just let may me might more most must mustn my myself no nor not now of ' +
    'off on once only or other ought our ours ourselves out over own same shall shan she should shouldn so some ' +
    'such than that the their theirs them themselves then there thereby therefore these they this those through ' +
    'thus to too under until up upon us very via was wasn we were weren what when where whereas whether which ' +
    'while who whom whose why will with within without won would wouldn yet you your yours yourself yourselves'
  ).split(' '),
);
