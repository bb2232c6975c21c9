"""Editors in a real browser: sign in, change a step, try it in the real assistant, publish it,
add a service, see a check fail in Chinese, and revert, while Rasa keeps running."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import httpx
import pytest
from argon2 import PasswordHasher
from playwright.sync_api import Browser, Page, expect
from sqlalchemy.orm import Session, sessionmaker

from admin.accounts import create_account
from catalog import communities
from catalog.content_loader import import_content, read_content
from catalog.database import make_engine, make_session_factory
from catalog.models import GuideStepReached, StaffMember, StuckEvent, UnansweredMessage
from tests.e2e.admin_harness import PASSWORD, AdminServer, shoot, sign_in
from tests.e2e.rest import say, texts
from tools.serve import Stack

pytestmark = pytest.mark.e2e
NEW_STEP_3 = "在首页找“资格认证”这四个字，用手指点一下。"


@pytest.fixture(scope="module")
def app_sessions(stack: Stack) -> Iterator[sessionmaker[Session]]:
    """The stack's app database, with an editor, an admin and a worker; the catalog is put
    back as content/ has it afterwards, for the other end-to-end tests."""
    sessions = make_session_factory(make_engine(f"sqlite:///{stack.data_dir / 'app.db'}"))
    create_account(sessions, "wang", PASSWORD, "editor", "王编辑")
    create_account(sessions, "li", PASSWORD, "admin", "李管理")
    with sessions.begin() as session:
        session.add(
            StaffMember(
                display_name="张社工",
                role="worker",
                login_name="zhang",
                password_hash=PasswordHasher().hash(PASSWORD),
            )
        )
    yield sessions
    import_content(read_content(), sessions)


@pytest.fixture(scope="module")
def admin(stack: Stack, app_sessions: sessionmaker[Session]) -> Iterator[AdminServer]:
    server = AdminServer(stack.data_dir, stack.rasa_url)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    yield context.new_page()
    context.close()


@pytest.fixture
def editor(page: Page, admin: AdminServer) -> Page:
    """Signed in as an editor, on the page listing what can be changed."""
    sign_in(page, admin.url, "wang")
    expect(page.locator("#figures")).to_be_visible()  # the feedback dashboard comes first
    page.get_by_role("link", name="改内容").click()
    return page


def test_a_wrong_password_and_a_worker_are_refused(page: Page, admin: AdminServer) -> None:
    page.goto(f"{admin.url}/login")
    shoot(page, "01-login")
    sign_in(page, admin.url, "wang", "不对的密码12345")
    expect(page.get_by_role("alert")).to_have_text("登录名或密码不对，请再试一次。")
    sign_in(page, admin.url, "zhang")
    expect(page.get_by_role("alert")).to_contain_text("只给内容编辑和管理员用")
    page.goto(f"{admin.url}/drafts")
    expect(page).to_have_url(f"{admin.url}/login")


def test_a_form_sent_without_its_token_is_refused(admin: AdminServer) -> None:
    with httpx.Client(base_url=admin.url) as client:
        client.get("/login")
        response = client.post("/login", data={"username": "wang", "password": PASSWORD})
    assert response.status_code == 403
    assert "请刷新页面" in response.text


def test_an_edited_step_is_tried_then_published_live(editor: Page, stack: Stack) -> None:
    editor.get_by_role("link", name="养老金资格认证").click()
    editor.fill("#step3", NEW_STEP_3)
    shoot(editor, "02-edit-service")
    editor.get_by_role("button", name="存成草稿").click()
    expect(editor.get_by_role("status")).to_contain_text("草稿存好了：养老金资格认证")
    expect(editor.locator(".change-after").first).to_contain_text(NEW_STEP_3)

    editor.fill("#message", "我想弄养老金认证")
    editor.get_by_role("button", name="发给助手").click()
    expect(editor.locator(".why").last).to_contain_text("认出的服务：养老金资格认证")
    editor.get_by_role("button", name="一步一步教我办").last.click()
    editor.get_by_role("button", name="下一步").last.click()
    editor.get_by_role("button", name="下一步").last.click()
    expect(editor.locator(".reply").last).to_contain_text(NEW_STEP_3)
    shoot(editor, "03-try-and-publish")
    assert NEW_STEP_3 not in _step_3_for_a_resident(stack, "resident-before")

    editor.get_by_role("button", name="发布勾选的草稿").click()
    expect(editor.get_by_role("status")).to_contain_text("发布好了")
    assert NEW_STEP_3 in _step_3_for_a_resident(stack, "resident-after")


# Rasa reuses the parts it trained for `make model`, unless its cache gave them up for newer
# trainings: then this is a whole training, about 13 minutes on 2 cores.
TRAINING_MINUTES = 25


@pytest.mark.timeout(TRAINING_MINUTES * 60 + 120)
def test_an_admin_trains_and_rasa_loads_the_new_model(
    page: Page, admin: AdminServer, stack: Stack
) -> None:
    sign_in(page, admin.url, "wang")
    page.get_by_role("link", name="训练模型").click()
    expect(page.get_by_text("请管理员来点")).to_be_visible()
    sign_in(page, admin.url, "li")
    page.get_by_role("link", name="训练模型").click()
    expect(page.locator("#need")).to_contain_text("现在不用训练")
    page.get_by_role("button", name="开始训练").click()
    expect(page.locator("#status")).to_contain_text("正在训练")
    shoot(page, "07-training")
    assert "您问的是" in texts(say(stack, "resident-while-training", "我想弄养老金认证"))
    expect(page.locator("#status")).to_contain_text("训练好了", timeout=TRAINING_MINUTES * 60_000)
    status = httpx.get(f"{stack.rasa_url}/status", params=stack.auth, timeout=10)
    loaded = status.json()["model_file"]
    assert "assistant-" in loaded
    assert "您问的是" in texts(say(stack, "resident-after-training", "我想弄养老金认证"))


def test_a_check_fails_in_chinese_and_nothing_is_saved(editor: Page) -> None:
    editor.get_by_role("link", name="养老金资格认证").click()
    editor.fill("#step2", "打开 APP 登录")
    editor.fill("#aliases", "养老认证\n医保码")
    editor.get_by_role("button", name="存成草稿").click()
    problems = editor.get_by_role("alert")
    expect(problems).to_contain_text("第2步的内容：有英文字母“APP”")
    expect(problems).to_contain_text("“医保码”已经被")
    shoot(editor, "04-check-failed")
    editor.goto(editor.url.split("/edit/")[0] + "/drafts")
    expect(editor.locator(".draft")).to_have_count(0)


def test_a_new_service_is_found_by_its_alias(editor: Page, stack: Stack) -> None:
    editor.get_by_role("link", name="新加一项服务").click()
    fields = {
        "#slug": "bathing-card",
        "#name": "老年助浴卡办理",
        "#aliases": "助浴卡\n洗澡卡",
        "#summary": "给行动不便的老人办助浴卡，上门帮忙洗澡。",
        "#eligibility": "行动不便、需要帮忙洗澡的老人。",
        "#materials": "本人身份证",
        "#offline": "带身份证到社区服务中心问。",
        "#online": "打电话问社区怎么办。",
        "#hotline": "12345",
        "#hotline_name": "市民服务热线",
        "#recap": "社区说办好了就行。",
        "#step1": "带上身份证去社区服务中心。",
        "#step2": "跟工作人员说要办助浴卡。",
        "#step3": "按工作人员说的填表。",
    }
    for selector, value in fields.items():
        editor.fill(selector, value)
    editor.get_by_role("button", name="存成草稿").click()
    expect(editor.get_by_role("status")).to_contain_text("草稿存好了：老年助浴卡办理")
    editor.get_by_role("button", name="发布勾选的草稿").click()
    expect(editor.get_by_role("status")).to_contain_text("发布好了")
    assert "老年助浴卡办理" in texts(say(stack, "resident-bathing", "我想办助浴卡 咋个弄"))


def test_a_category_moved_first_leads_the_menu(editor: Page, stack: Stack) -> None:
    editor.get_by_role("link", name="改菜单分类").click()
    row = editor.locator("tr").filter(has=editor.locator("input[value='bills']"))
    row.get_by_label("顺序").fill("0")
    editor.get_by_role("button", name="存成草稿").click()
    expect(editor.get_by_role("status")).to_contain_text("草稿存好了：菜单分类")
    editor.get_by_role("button", name="发布勾选的草稿").click()
    expect(editor.get_by_role("status")).to_contain_text("发布好了")
    menu = say(stack, "resident-menu", "/show_menu")
    assert menu[-1]["buttons"][0]["title"] == "生活缴费"


def test_a_published_change_is_reverted(editor: Page, stack: Stack) -> None:
    editor.get_by_role("link", name="历史").click()
    revision = editor.locator(".revision").filter(has_text="养老金资格认证").first
    expect(revision).to_contain_text(NEW_STEP_3)
    shoot(editor, "05-history")
    revision.get_by_role("button", name="撤回这次改动").click()
    expect(editor.get_by_role("status")).to_contain_text("撤回好了")
    assert NEW_STEP_3 not in _step_3_for_a_resident(stack, "resident-reverted")


def test_the_dashboard_leads_from_feedback_to_the_content_to_fix(
    editor: Page, app_sessions: sessionmaker[Session]
) -> None:
    now = dt.datetime.now(dt.timezone.utc)
    with app_sessions.begin() as session:
        for n, text in enumerate(["有线电视费咋个交", "怎么交有线电视费", "有线电视费在哪里交"]):
            session.add(UnansweredMessage(sender_id=f"u{n}", text=text, created_at=now))
        for n in range(2):
            session.add(
                GuideStepReached(
                    sender_id=f"s{n}", service_slug="pay-water", step=2, created_at=now
                )
            )
            session.add(
                StuckEvent(
                    sender_id=f"s{n}",
                    service_slug="pay-water",
                    step=2,
                    trouble="where",
                    text="缴费按钮在哪里",
                    created_at=now,
                )
            )
    editor.get_by_role("link", name="反馈").click()
    unanswered = editor.locator(".unanswered").filter(has_text="有线电视费")
    expect(unanswered).to_contain_text("3 次")
    # Other test files' residents may be stuck on its other steps in this shared database.
    stuck = editor.locator(".stuck-step").filter(has_text="缴纳水费").filter(has_text="第2步")
    expect(stuck).to_contain_text("缴费按钮在哪里")
    editor.wait_for_function("document.querySelector('#chart').naturalWidth > 0")
    shoot(editor, "06-feedback")
    community = communities.create(app_sessions, "抚琴社区")
    communities.join(app_sessions, "u0", community.code)
    editor.reload()
    editor.get_by_label("哪里的居民").select_option(label="抚琴社区")
    editor.get_by_role("button", name="看", exact=True).click()
    expect(editor.locator(".unanswered")).to_contain_text("1 次")
    editor.get_by_label("哪里的居民").select_option(label="全部")
    editor.get_by_role("button", name="看", exact=True).click()
    unanswered = editor.locator(".unanswered").filter(has_text="有线电视费")
    unanswered.get_by_role("link", name="写成常见问题").click()
    expect(editor.locator("input[name$=_question][value^='有线电视费']")).to_have_count(1)
    editor.go_back()
    stuck.get_by_role("link", name="给这一步加帮助").click()
    expect(editor.locator("#step2-box details")).to_have_attribute("open", "")


def _step_3_for_a_resident(stack: Stack, sender: str) -> str:
    say(stack, sender, "我想弄养老金认证")
    say(stack, sender, "/start_guide")
    say(stack, sender, "/next_step")
    return texts(say(stack, sender, "/next_step"))
