"""The pinyin featurizer gives a homophone typo the features of the word it stands for, folds
the sounds Chengdu speech merges, and featurizes only the message text. Run in the Rasa
environment, trained and applied as in the pipeline (after jieba)."""

from __future__ import annotations

from tests.rasa_addons.rasa_environment import passes_in_rasa

CHECKS = """
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.tokenizers.jieba_tokenizer import JiebaTokenizer
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
import pathlib, tempfile

from rasa_addons.pinyin_featurizer import PinyinFeaturizer, folded, sounds

assert sounds("不是") == "bu si", sounds("不是")
assert sounds("工作人员") == sounds("工做人员")
assert [folded(s) for s in ("zhong", "chen", "shi", "nian", "ming", "neng")] == [
    "zong", "cen", "si", "lian", "min", "len"], "folds"
assert folded("an") == "an" and folded("ang") == "ang", "other finals are kept"

storage = LocalModelStorage(pathlib.Path(tempfile.mkdtemp()))
context = ExecutionContext(graph_schema=None, node_name="pinyin")
tokenizer = JiebaTokenizer.create(
    {**JiebaTokenizer.get_default_config()}, storage, Resource("jieba"), context)
config = PinyinFeaturizer.get_default_config()
featurizer = PinyinFeaturizer.create(config, storage, Resource("pinyin"), context)

examples = [Message.build(text=t, intent=i) for t, i in
            [("不是这个", "deny"), ("办成了", "outcome_done"), ("找个工作人员", "ask_person")]]
data = TrainingData(examples)
tokenizer.process_training_data(data)
featurizer.train(data)
featurizer.process_training_data(data)
assert list(featurizer.vectorizers) == ["text"], list(featurizer.vectorizers)

def sentence(text):
    message = Message.build(text=text)
    tokenizer.process([message])
    featurizer.process([message])
    _, features = message.get_sparse_features("text")
    return features.features.toarray().tolist()

assert sentence("不使这个") == sentence("不是这个")
assert sentence("办城了") == sentence("办成了")
assert sentence("工做人员") == sentence("工作人员")
assert sentence("不使这个") != sentence("办成了")
print("ok")
"""


def test_a_homophone_typo_sounds_like_the_word_it_stands_for() -> None:
    passes_in_rasa(CHECKS)
