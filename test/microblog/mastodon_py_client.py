"""Drives Mastodon.py (Debian python3-mastodon) against a started Sotong; prints one JSON result."""
import json
import sys

from mastodon import Mastodon

url, email, password, other = sys.argv[1:5]
cid, csec = Mastodon.create_app("mastodon-py-test", api_base_url=url, scopes=["read", "write", "follow"])
m = Mastodon(client_id=cid, client_secret=csec, api_base_url=url)
m.log_in(email, password, scopes=["read", "write", "follow"])
me = m.account_verify_credentials()
post = m.status_post("파이썬 클라이언트 투표 #설문조사", poll=m.make_poll(["예", "아니오"], expires_in=3600))
m.poll_vote(post["poll"]["id"], [0])  # Mastodon.py 1.8 returns nothing here
vote = m.poll(post["poll"]["id"])
found = m.account_search(other)
rel = m.account_follow(found[0]["id"])
for i in range(6):
    m.status_post(f"설문 결과 공유 {i} #설문조사")
first = m.timeline_hashtag("설문조사", limit=3)
second = m.fetch_next(first)
third = m.fetch_next(second)
home = m.timeline_home(limit=50)
held = None
try:
    m.status_post("대외비 자료입니다: 고객 주민등록번호 900101-1234568")
except Exception as e:  # MastodonAPIError
    held = str(e)
print(json.dumps({
    "me": me["display_name"],
    "poll_options": [o["title"] for o in post["poll"]["options"]],
    "vote": vote["own_votes"],
    "following": rel["following"],
    "pages": [[str(s["id"]) for s in p] for p in (first, second, third) if p],
    "home": len(home),
    "held": held,
}, ensure_ascii=False))
