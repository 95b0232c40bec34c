import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import { hasRole } from "../auth/principal.js";
import type { Session } from "./console-deps.js";
import { CONSOLE_PATH } from "./console-security.js";

/** Rendered HTML (hono/html escapes every interpolated string; nested `html` results pass through). */
export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export type Section = "kits" | "history" | "usage" | "quality" | "engines" | "cost" | "verify" | "sign-in";

interface NavItem {
  section: Section;
  href: string;
  label: string;
}

function navItems(session: Session | undefined): NavItem[] {
  if (!session) return [{ section: "verify", href: `${CONSOLE_PATH}/verify`, label: "Verify an image" }];
  const items: NavItem[] = [
    { section: "kits", href: `${CONSOLE_PATH}/kits`, label: "Brand kits" },
    { section: "history", href: `${CONSOLE_PATH}/history`, label: "History" },
    { section: "usage", href: `${CONSOLE_PATH}/usage`, label: "Usage" },
    { section: "quality", href: `${CONSOLE_PATH}/quality`, label: "Quality" },
    { section: "engines", href: `${CONSOLE_PATH}/engines`, label: "Engines" },
  ];
  if (hasRole(session.principal.role, "admin"))
    items.push({ section: "cost", href: `${CONSOLE_PATH}/cost`, label: "Cost" });
  items.push({ section: "verify", href: `${CONSOLE_PATH}/verify`, label: "Verify" });
  return items;
}

/** A hidden field carrying the session's CSRF token; every POST form inside the console includes it. */
export function csrfField(session: Session): Html {
  return html`<input type="hidden" name="_csrf" value="${session.csrf}" />`;
}

/** The page shell: skip link, navigation (current page marked), who is signed in, sign-out form. */
export function page(options: { title: string; section: Section; session: Session | undefined; body: Html }): Html {
  const { title, section, session, body } = options;
  const nav = navItems(session).map(
    (item) =>
      html`<li><a href="${item.href}"${item.section === section ? html` aria-current="page"` : ""}>${item.label}</a></li>`,
  );
  const who = session
    ? html`<div class="who">
        <span>${session.principal.userName} · ${session.principal.orgSlug} · ${session.principal.role}</span>
        <form method="post" action="${CONSOLE_PATH}/sign-out">${csrfField(session)}<button type="submit">Sign out</button></form>
      </div>`
    : html`<div class="who"><a class="brand" href="${CONSOLE_PATH}/sign-in">Sign in</a></div>`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>${title} · Easel console</title>
<link rel="icon" href="data:," />
<link rel="stylesheet" href="${CONSOLE_PATH}/static/console.css" />
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top">
  <a class="brand" href="${session ? `${CONSOLE_PATH}/kits` : `${CONSOLE_PATH}/verify`}">Easel console</a>
  <nav aria-label="Console"><ul>${nav}</ul></nav>
  ${who}
</header>
<main id="main" tabindex="-1">
<h1>${title}</h1>
${body}
</main>
</body>
</html>`;
}

/** An error box naming the field and file a problem points at. */
export function problemBox(problem: {
  title: string;
  detail: string;
  field?: string | undefined;
  file?: string | undefined;
}): Html {
  return html`<div class="error" role="alert">
    <strong>${problem.title}</strong>
    ${problem.field ? html`<span>Field <code>${problem.field}</code>: </span>` : ""}${problem.file && !problem.field ? html`<span>File <code>${problem.file}</code>: </span>` : ""}${problem.detail}
    ${problem.file && problem.field ? html`<div>File: <code>${problem.file}</code></div>` : ""}
  </div>`;
}
