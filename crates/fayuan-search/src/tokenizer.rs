//! Tokenisation: jieba in search mode with a legal user dictionary (charges, causes, fixed
//! phrases, and 张某-style pseudonyms kept whole), and character bigrams for exact substrings.

use std::sync::{Arc, LazyLock};

use jieba_rs::Jieba;
use tantivy::tokenizer::{
    LowerCaser, RemoveLongFilter, TextAnalyzer, Token, TokenStream, Tokenizer,
};

/// Name of the jieba analyzer in the index.
pub(crate) const JIEBA: &str = "legal_jieba";
/// Name of the analyzer of the parts of a judgment (accurate mode, no HMM: cheaper, and the
/// parts are only searched for whole words).
pub(crate) const PARTS: &str = "legal_parts";
/// Name of the bigram analyzer in the index.
pub(crate) const BIGRAM: &str = "legal_bigram";

/// The legal user dictionary.
const LEGAL_WORDS: &str = include_str!("legal_words.txt");

/// Surnames whose pseudonym (张某) is kept as one word instead of gluing 某 to the next character.
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝";

/// The one jieba with the legal dictionary, built once per process.
pub(crate) static LEGAL_JIEBA: LazyLock<Arc<Jieba>> = LazyLock::new(|| {
    let mut jieba = Jieba::new();
    for word in LEGAL_WORDS
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        jieba.add_word(word, Some(100_000), None);
    }
    for surname in SURNAMES.chars() {
        jieba.add_word(&format!("{surname}某"), Some(100_000), None);
        jieba.add_word(&format!("{surname}某某"), Some(100_000), None);
    }
    Arc::new(jieba)
});

/// Words of a text as the index sees them (search mode: long words and their parts).
pub fn words(text: &str) -> Vec<String> {
    LEGAL_JIEBA
        .cut_for_search(text, true)
        .into_iter()
        .map(|t| t.word.to_lowercase())
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .collect()
}

/// Words of a query as a reader wrote them (accurate mode: one word per word).
pub fn query_words(text: &str) -> Vec<String> {
    LEGAL_JIEBA
        .cut(text, true)
        .into_iter()
        .map(|t| t.word.to_lowercase())
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .collect()
}

/// The smallest words of a query word as the index holds them: its search-mode words less
/// those that contain another (买卖合同 → 买卖, 合同), so that a word jieba cuts differently in
/// the document (房屋买卖 | 合同纠纷) is still found by its parts.
pub fn smallest_words(text: &str) -> Vec<String> {
    let tokens = LEGAL_JIEBA.cut_for_search(text, true);
    let mut smallest: Vec<String> = tokens
        .iter()
        .filter(|t| t.word.chars().any(char::is_alphanumeric))
        .filter(|t| {
            !tokens.iter().any(|o| {
                (o.start, o.end) != (t.start, t.end) && t.start <= o.start && o.end <= t.end
            })
        })
        .map(|t| t.word.to_lowercase())
        .collect();
    smallest.dedup();
    smallest
}

/// Words of a query searched within a part of the judgment (as [`PARTS`] cuts them).
pub fn part_words(text: &str) -> Vec<String> {
    LEGAL_JIEBA
        .cut(text, false)
        .into_iter()
        .map(|t| t.word.to_lowercase())
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .collect()
}

/// The jieba tokenizer over the shared dictionary (cheap to clone): search mode with HMM for
/// the text and the title, accurate mode without HMM for the parts.
#[derive(Clone)]
pub(crate) struct LegalTokenizer {
    token: Token,
    parts: bool,
}

/// The tokens of one text.
pub(crate) struct LegalTokenStream {
    tokens: Vec<Token>,
    next: usize,
    current: Token,
}

impl Tokenizer for LegalTokenizer {
    type TokenStream<'a> = LegalTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> LegalTokenStream {
        let words = if self.parts {
            LEGAL_JIEBA.cut(text, false)
        } else {
            LEGAL_JIEBA.cut_for_search(text, true)
        };
        let tokens = words
            .into_iter()
            .filter(|t| t.word.chars().any(char::is_alphanumeric))
            .map(|t| Token {
                offset_from: t.byte_start,
                offset_to: t.byte_end,
                position: t.start,
                text: t.word.to_owned(),
                position_length: t.end - t.start,
            })
            .collect();
        LegalTokenStream {
            tokens,
            next: 0,
            current: self.token.clone(),
        }
    }
}

impl TokenStream for LegalTokenStream {
    fn advance(&mut self) -> bool {
        match self.tokens.get(self.next) {
            Some(t) => {
                self.current = t.clone();
                self.next += 1;
                true
            }
            None => false,
        }
    }

    fn token(&self) -> &Token {
        &self.current
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.current
    }
}

/// The jieba analyzer (for the parts when `parts`): legal words, lower-cased, overlong tokens
/// dropped.
pub(crate) fn jieba_analyzer(parts: bool) -> TextAnalyzer {
    TextAnalyzer::builder(LegalTokenizer {
        token: Token::default(),
        parts,
    })
    .filter(RemoveLongFilter::limit(40))
    .filter(LowerCaser)
    .build()
}

/// Every two consecutive characters, each at its character position (tantivy's own n-gram
/// tokenizer puts all grams at position 0, which defeats phrase queries).
#[derive(Clone, Default)]
pub(crate) struct BigramTokenizer;

impl Tokenizer for BigramTokenizer {
    type TokenStream<'a> = LegalTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> LegalTokenStream {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let tokens = chars
            .windows(2)
            .enumerate()
            .map(|(position, pair)| {
                let (from, first) = pair[0];
                let (at, second) = pair[1];
                Token {
                    offset_from: from,
                    offset_to: at + second.len_utf8(),
                    position,
                    text: [first, second].iter().collect(),
                    position_length: 1,
                }
            })
            .collect();
        LegalTokenStream {
            tokens,
            next: 0,
            current: Token::default(),
        }
    }
}

/// The bigram analyzer: every two consecutive characters, for exact substring phrases.
pub(crate) fn bigram_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(BigramTokenizer)
        .filter(LowerCaser)
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legal_words_and_pseudonyms_stay_whole() {
        let cut = query_words("被告人张某犯诈骗罪，判处有期徒刑七个月，并处罚金人民币三万元");
        for w in ["张某", "诈骗罪", "有期徒刑", "并处罚金"] {
            assert!(cut.contains(&w.to_owned()), "{w} in {cut:?}");
        }
        assert!(!cut.iter().any(|w| w == "某犯"), "{cut:?}");
        assert_eq!(smallest_words("买卖合同"), ["买卖", "合同"]);
        let search = words("中华人民共和国民事诉讼法");
        for w in ["中华人民共和国", "民事", "诉讼法", "人民"] {
            assert!(search.contains(&w.to_owned()), "{w} in {search:?}");
        }
    }
}
