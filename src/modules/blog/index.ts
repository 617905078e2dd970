/**
 * The blog module's public face: the built-in blog (posts per workspace, served publicly at
 * /blog/<workspace-slug>/ with RSS and Atom). The publishing flow calls BlogService.publish / edit / delete.
 */
export { BlogService, slugify, type BlogPostInput, type BlogPostView, type BlogSettingsView, type BlogWorkspace } from './blog.service.js';
export { blogRoutes, type BlogRouteServices } from './blog.routes.js';
export { sanitizeHtml } from './sanitize.js';
export type { BlogLink, BlogTables } from './blog.tables.js';
