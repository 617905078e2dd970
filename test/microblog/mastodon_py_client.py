"""Drives Mastodon.py (Debian python3-mastodon) against a started Sotong; prints one JSON result."""
import io
import json
import os
import sys
import urllib.request

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
# An image: uploaded, shown with the post, its address serves the same bytes.
png = b"\x89PNG\r\n\x1a\n" + os.urandom(300)
media = m.media_post(io.BytesIO(png), mime_type="image/png", description="지점 안내 사진", file_name="branch.png")
with_image = m.status_post("새 지점 안내판입니다 #지점소식", media_ids=[media["id"]])
attached = with_image["media_attachments"]
served = urllib.request.urlopen(attached[0]["url"]).read() if attached else b""
# A spreadsheet of customers: the post that carries it is held.
sheet = m.media_post(io.BytesIO(b"name,phone\n"), mime_type="text/csv", file_name="customers.csv")
held_file = None
try:
    m.status_post("명단 공유합니다", media_ids=[sheet["id"]])
except Exception as e:
    held_file = str(e)
print(json.dumps({
    "media_type": media["type"],
    "attached": [a["id"] for a in attached],
    "served_equal": served == png,
    "description": attached[0]["description"] if attached else None,
    "held_file": held_file,
    "me": me["display_name"],
    "poll_options": [o["title"] for o in post["poll"]["options"]],
    "vote": vote["own_votes"],
    "following": rel["following"],
    "pages": [[str(s["id"]) for s in p] for p in (first, second, third) if p],
    "home": len(home),
    "held": held,
}, ensure_ascii=False))
